package dev.adjoint.apps.cli;

import com.beust.jcommander.Parameters;
import dev.adjoint.api.BackendNotFoundException;
import dev.adjoint.api.Backends;
import dev.adjoint.api.Backends.ProviderInfo;
import dev.adjoint.api.Backends.Selection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code adjoint backends}: every discovered backend provider and which one is selected. */
@Parameters(commandNames = "backends", commandDescription = "List the compute backends and show which one is selected")
public final class BackendsCommand extends Command {
    private static final String[] HEADER = {"", "NAME", "PRIORITY", "AVAILABLE", "DETAIL"};

    @Override
    public int run(PrintStream out, PrintStream err) {
        List<ProviderInfo> providers = Backends.providers();
        Selection selection = null;
        BackendNotFoundException failure = null;
        try {
            selection = Backends.selection();
        } catch (BackendNotFoundException e) {
            failure = e;
        }
        String selected = selection == null ? null : selection.backend().name();

        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ProviderInfo p : providers) {
            rows.add(new String[] {
                p.name().equalsIgnoreCase(selected) ? "*" : "",
                p.name(),
                Integer.toString(p.priority()),
                p.available() ? "yes" : "no",
                p.detail() == null ? "" : p.detail()});
        }
        if (providers.isEmpty()) {
            out.println("No backend providers were found on the module path.");
        } else {
            printTable(rows, out);
        }
        if (failure != null) {
            throw failure;
        }
        out.println();
        out.println("selected: " + selected + " (" + selection.reason() + ")");
        return 0;
    }

    private static void printTable(List<String[]> rows, PrintStream out) {
        int columns = HEADER.length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = c == 2 ? " ".repeat(width[c] - row[c].length()) + row[c] : ListCommand.pad(row[c], width[c]);
                line.append(cell).append(c + 1 < columns ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
