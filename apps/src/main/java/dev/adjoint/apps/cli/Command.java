package dev.adjoint.apps.cli;

import com.beust.jcommander.Parameter;
import java.io.PrintStream;

/** A sub-command of {@code adjoint}; subclasses carry JCommander's {@code @Parameters(commandNames = …)}. */
public abstract class Command {
    @Parameter(names = {"-h", "--help"}, help = true, description = "Show the options of this command")
    private boolean help;

    /** The name users type, taken from the {@code @Parameters} annotation. */
    public final String name() {
        return getClass().getAnnotation(com.beust.jcommander.Parameters.class).commandNames()[0];
    }

    /** Whether {@code --help} was given after the command name. */
    public final boolean help() {
        return help;
    }

    /** Runs the command and returns its exit status. */
    public abstract int run(PrintStream out, PrintStream err);
}
