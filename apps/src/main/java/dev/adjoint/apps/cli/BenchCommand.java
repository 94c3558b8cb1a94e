package dev.adjoint.apps.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import dev.adjoint.apps.bench.BenchCase;
import dev.adjoint.apps.bench.BenchPlan;
import dev.adjoint.apps.bench.BenchRunner;
import dev.adjoint.apps.bench.MachineInfo;
import dev.adjoint.apps.bench.Measurement;
import dev.adjoint.apps.bench.ResultFile;
import dev.adjoint.apps.bench.ResultTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * {@code adjoint bench}: runs the JMH benchmarks of {@code dev.adjoint.apps.bench}, prints a table of
 * throughput, speed-up over the reference backend and fraction of the machine baselines, and writes
 * {@code bench-results.json}.
 */
@Parameters(commandNames = "bench", commandDescription = "Run the benchmarks: backends against each other and "
        + "against this machine's memory bandwidth and FMA peak")
public final class BenchCommand extends Command {
    @Parameter(description = "[PATTERN...]  regular expressions searched in Class.method, e.g. Matmul, "
            + "Elementwise.add, 'Conv|Laplacian' (default: all)")
    private List<String> patterns = new ArrayList<>();

    @Parameter(names = "--quick", description = "Fewer, shorter iterations: 1 warm-up and 2 measurements of 0.5 s")
    private boolean quick;

    @Parameter(names = "--out", description = "Folder for bench-results.json (default: the working directory)")
    private String out;

    @Parameter(names = {"-p", "--param"}, description = "Only these values of a benchmark parameter, NAME=V1,V2 "
            + "(e.g. -p backend=vector -p n=1024); repeatable")
    private List<String> params = new ArrayList<>();

    @Parameter(names = "--reference-limit", description = "Seconds per operation above which a reference case is "
            + "not run but scaled from a smaller size (matmul: by n^3); 0 runs everything")
    private double referenceLimit = 30;

    @Parameter(names = "--list", description = "Print the cases and their iterations without running them")
    private boolean list;

    @Parameter(names = "--verbose", description = "Show JMH's own output")
    private boolean verbose;

    @Override
    public int run(PrintStream stdout, PrintStream err) {
        List<BenchCase> cases;
        try {
            cases = BenchPlan.build(BenchRunner.listed(), patterns, filters(params), quick);
        } catch (PatternSyntaxException e) {
            err.println("adjoint bench: bad pattern: " + e.getDescription() + " in '" + e.getPattern() + "'");
            return 2;
        } catch (ParameterException e) {
            err.println("adjoint bench: " + e.getMessage());
            return 2;
        }
        if (cases.isEmpty()) {
            err.println("adjoint bench: no benchmark matches " + patterns + (params.isEmpty() ? "" : " " + params)
                    + "; run 'adjoint bench --list' to see them all");
            return 1;
        }
        if (list) {
            for (BenchCase c : cases) {
                stdout.println(c.label() + "  [" + c.iterations() + "]");
            }
            return 0;
        }

        OutputFolder folder;
        try {
            folder = OutputFolder.prepare(out, ".");
        } catch (IllegalArgumentException e) {
            err.println("adjoint bench: " + e.getMessage());
            return 2;
        }
        String problem = BenchRunner.forkProblem();
        if (problem != null) {
            folder.removeIfUnused();
            err.println("adjoint bench: " + problem);
            return 1;
        }
        MachineInfo machine = MachineInfo.current();
        err.println("adjoint bench: " + cases.size() + (cases.size() == 1 ? " case" : " cases") + " on "
                + machine.describe());
        BenchRunner runner = new BenchRunner(err, verbose, referenceLimit);
        Instant started = Instant.now();
        List<Measurement> measurements = runner.run(cases);
        ResultTable table = ResultTable.of(measurements);

        stdout.println();
        stdout.println("Machine: " + machine.describe());
        stdout.print(table.format());

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("patterns", List.copyOf(patterns));
        settings.put("params", List.copyOf(params));
        settings.put("quick", quick);
        settings.put("reference_limit_seconds", referenceLimit);
        settings.put("iterations", cases.stream().map(c -> c.label() + ": " + c.iterations()).toList());
        settings.put("failures", runner.failures());
        try {
            Path written = ResultFile.write(folder.path(), ResultFile.document(machine, settings, table, started));
            stdout.println();
            stdout.println("wrote " + written);
        } catch (IOException e) {
            err.println("adjoint bench: could not write " + ResultFile.NAME + ": " + e.getMessage());
            return 1;
        }
        if (!runner.failures().isEmpty()) {
            err.println("adjoint bench: " + runner.failures().size() + " case(s) failed:");
            runner.failures().forEach(f -> err.println("  " + f));
            return 1;
        }
        return 0;
    }

    /** {@code NAME=V1,V2} options as allowed values per name. */
    static Map<String, Set<String>> filters(List<String> options) {
        Map<String, Set<String>> filters = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new ParameterException("-p expects NAME=V1,V2, got '" + option + "'");
            }
            Set<String> values = filters.computeIfAbsent(option.substring(0, eq), k -> new LinkedHashSet<>());
            for (String v : option.substring(eq + 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
        }
        return filters;
    }
}
