package dev.adjoint.apps.cli;

import com.beust.jcommander.Parameters;
import dev.adjoint.api.Backends;
import dev.adjoint.api.Backends.Selection;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;

/** {@code adjoint version}: the project version, the Java runtime and the selected backend. */
@Parameters(commandNames = "version", commandDescription = "Show the Adjoint and Java versions and the selected backend")
public final class VersionCommand extends Command {
    @Override
    public int run(PrintStream out, PrintStream err) {
        Selection selection = Backends.selection();
        out.println("adjoint " + projectVersion());
        out.println("java    " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        out.println("backend " + selection.backend().name() + " (" + selection.reason() + ")");
        return 0;
    }

    /** The version Maven recorded in the module descriptor of {@code dev.adjoint.apps}. */
    public static String projectVersion() {
        ModuleDescriptor descriptor = VersionCommand.class.getModule().getDescriptor();
        return descriptor == null ? "unknown (not run as a module)"
                : descriptor.rawVersion().orElse("unknown (no version in the module descriptor)");
    }
}
