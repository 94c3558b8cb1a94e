package dev.adjoint.apps.cli;

import com.beust.jcommander.Parameters;
import dev.adjoint.apps.AppRegistry.AppInfo;
import java.io.PrintStream;
import java.util.List;

/** {@code adjoint list}: the reproduction apps that {@code adjoint run} can start. */
@Parameters(commandNames = "list", commandDescription = "List the reproduction apps")
public final class ListCommand extends Command {
    private final List<AppInfo> apps;

    public ListCommand(List<AppInfo> apps) {
        this.apps = List.copyOf(apps);
    }

    @Override
    public int run(PrintStream out, PrintStream err) {
        if (apps.isEmpty()) {
            out.println("No reproduction apps are registered yet; they arrive with the physics, nn, optim and "
                    + "diffusion work that each one reproduces.");
            return 0;
        }
        int width = apps.stream().mapToInt(a -> a.name().length()).max().orElse(0);
        for (AppInfo app : apps) {
            out.println(pad(app.name(), width) + "  " + app.summary());
        }
        return 0;
    }

    static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
