package dev.adjoint.apps.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import dev.adjoint.apps.run.App;
import dev.adjoint.apps.run.RunContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code adjoint run NAME [--out DIR] [--full] [app options]}: runs one reproduction app. Everything after the
 * app's name is parsed against the common options and the app's own.
 */
@Parameters(commandNames = "run", commandDescription = "Run a reproduction app: run NAME [--out DIR] [--full] "
        + "[app options]; 'run NAME --help' shows an app's options")
public final class RunCommand extends Command {
    @Parameter(description = "NAME")
    private List<String> names = new ArrayList<>();

    private final List<App<?>> apps;
    private List<String> appArguments = List.of();

    /** The options every app has. */
    static final class CommonOptions {
        @Parameter(names = "--out", description = "Output folder (default: out/NAME in the folder adjoint was "
                + "started from)")
        String out;

        @Parameter(names = "--full", description = "Run the published, paper-sized set-up (slow)")
        boolean full;

        @Parameter(names = {"-h", "--help"}, help = true, description = "Show this app's options")
        boolean help;
    }

    public RunCommand(List<App<?>> apps) {
        this.apps = List.copyOf(apps);
    }

    /** The arguments after the app's name, which the top-level parser does not see. */
    public void appArguments(List<String> arguments) {
        this.appArguments = List.copyOf(arguments);
    }

    @Override
    public int run(PrintStream out, PrintStream err) {
        if (names.size() != 1) {
            err.println("adjoint run: expected one app name, got " + (names.isEmpty() ? "none" : names)
                    + "; available: " + available());
            return 2;
        }
        String name = names.getFirst();
        App<?> app = apps.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
        if (app == null) {
            err.println("adjoint run: no app named '" + name + "'; available: " + available());
            return 2;
        }
        return start(app, out, err);
    }

    private <O> int start(App<O> app, PrintStream out, PrintStream err) {
        O options = app.newOptions();
        CommonOptions common = new CommonOptions();
        JCommander jc = JCommander.newBuilder().programName("adjoint run " + app.name()).addObject(common)
                .addObject(options).build();
        try {
            jc.parse(appArguments.toArray(String[]::new));
        } catch (ParameterException e) {
            err.println("adjoint run " + app.name() + ": " + e.getMessage());
            StringBuilder sb = new StringBuilder();
            jc.getUsageFormatter().usage(sb);
            err.print(sb);
            return 2;
        }
        if (common.help) {
            StringBuilder sb = new StringBuilder(app.summary()).append("\n\n");
            jc.getUsageFormatter().usage(sb);
            out.print(sb);
            return 0;
        }
        OutputFolder folder;
        try {
            folder = OutputFolder.prepare(common.out, "out/" + app.name());
        } catch (IllegalArgumentException e) {
            err.println("adjoint run " + app.name() + ": " + e.getMessage());
            return 2;
        }
        try {
            out.println("adjoint run " + app.name() + (common.full ? " --full" : "") + ": writing to "
                    + folder.path());
            app.run(options, new RunContext(folder.path(), common.full, out));
            return 0;
        } catch (IllegalArgumentException e) {
            folder.removeIfUnused();
            err.println("adjoint run " + app.name() + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            folder.removeIfUnused();
            err.println("adjoint run " + app.name() + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private String available() {
        return apps.isEmpty() ? "(none yet)" : apps.stream().map(App::name).collect(Collectors.joining(", "));
    }
}
