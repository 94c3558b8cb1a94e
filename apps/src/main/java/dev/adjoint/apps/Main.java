package dev.adjoint.apps;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import dev.adjoint.api.BackendNotFoundException;
import dev.adjoint.apps.cli.BackendsCommand;
import dev.adjoint.apps.cli.BenchCommand;
import dev.adjoint.apps.cli.Command;
import dev.adjoint.apps.cli.GlobalOptions;
import dev.adjoint.apps.cli.ListCommand;
import dev.adjoint.apps.cli.RunCommand;
import dev.adjoint.apps.cli.VersionCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Entry point of the {@code adjoint} command. */
public final class Main {
    /** Exit status of a successful command. */
    public static final int OK = 0;
    /** Exit status when a command fails, e.g. the requested backend does not exist. */
    public static final int FAILED = 1;
    /** Exit status for a command line that cannot be parsed. */
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line and returns its exit status; nothing here calls {@link System#exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        GlobalOptions global = new GlobalOptions();
        RunCommand runCommand = new RunCommand(AppRegistry.apps());
        List<Command> commands = List.of(new ListCommand(AppRegistry.infos()), runCommand, new BackendsCommand(),
                new BenchCommand(), new VersionCommand());
        JCommander.Builder builder = JCommander.newBuilder().programName("adjoint").addObject(global);
        commands.forEach(builder::addCommand);
        JCommander jc = builder.build();

        // "run NAME" ends the top-level command line: what follows belongs to the app.
        int first = firstCommandIndex(args);
        String[] head = args;
        if (first >= 0 && args[first].equals("run") && first + 2 < args.length) {
            head = Arrays.copyOfRange(args, 0, first + 2);
            runCommand.appArguments(Arrays.asList(args).subList(first + 2, args.length));
        }
        try {
            jc.parse(head);
        } catch (ParameterException e) {
            err.println("adjoint: " + e.getMessage());
            err.print(usage(jc));
            return USAGE;
        }
        String name = jc.getParsedCommand();
        if (global.help()) {
            out.print(name == null ? usage(jc) : usage(jc, name));
            return OK;
        }
        if (name == null) {
            err.print(usage(jc));
            return USAGE;
        }
        Command command = commands.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        if (command.help()) {
            out.print(usage(jc, name));
            return OK;
        }
        try {
            return command.run(out, err);
        } catch (BackendNotFoundException e) {
            err.println("adjoint: " + e.getMessage());
            return FAILED;
        }
    }

    /** The index of the first argument that is not an option, or -1. */
    private static int firstCommandIndex(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    /** The commands with one line each; {@code adjoint COMMAND --help} shows a command's options. */
    private static String usage(JCommander jc) {
        StringBuilder sb = new StringBuilder("Usage: adjoint [-h|--help] COMMAND [options]\n\nCommands:\n");
        int width = jc.getCommands().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (String name : jc.getCommands().keySet()) {
            sb.append("  ").append(name).append(" ".repeat(width - name.length() + 3))
                    .append(jc.getUsageFormatter().getCommandDescription(name)).append('\n');
        }
        sb.append("\nRun 'adjoint COMMAND --help' for the options of a command.\n");
        return sb.toString();
    }

    private static String usage(JCommander jc, String command) {
        StringBuilder sb = new StringBuilder();
        jc.getUsageFormatter().usage(command, sb);
        return sb.toString();
    }
}
