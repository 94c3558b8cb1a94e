package dev.adjoint.apps.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs benchmark cases with JMH's Runner API, one forked JVM per case, and collects the median time per
 * operation of each. Progress goes to a stream, one line per case; JMH's own output only when verbose.
 */
public final class BenchRunner {
    /** The event counter a benchmark with other counters increments once per operation. */
    public static final String OPS_COUNTER = "ops";

    /** JVM options every fork gets on top of the ones this JVM was started with. */
    static final List<String> FORK_JVM_ARGS = List.of("--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
            // A quarter of the RAM as a fixed, pre-touched heap with a large young generation: fresh outputs of
            // 64 MB otherwise pay for page faults on every allocation (5x slower elementwise ops at 16M).
            "-XX:InitialRAMPercentage=25", "-XX:MaxRAMPercentage=25", "-XX:NewRatio=1", "-XX:+AlwaysPreTouch");

    private final PrintStream progress;
    private final boolean verbose;
    private final double referenceLimitSeconds;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param progress              where the per-case lines (and with {@code verbose} JMH's output) go
     * @param verbose               show JMH's output
     * @param referenceLimitSeconds reference cases estimated to take longer per operation are scaled from a
     *                              smaller size instead of run (0: always run)
     */
    public BenchRunner(PrintStream progress, boolean verbose, double referenceLimitSeconds) {
        this.progress = progress;
        this.verbose = verbose;
        this.referenceLimitSeconds = referenceLimitSeconds;
    }

    /** The benchmarks in the JMH list that annotation processing wrote into this module's jar. */
    public static List<BenchPlan.Entry> listed() {
        OutputFormat silent = OutputFormatFactory.createFormatInstance(nullStream(), VerboseMode.SILENT);
        List<BenchPlan.Entry> entries = new ArrayList<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(silent, List.of(".*"), List.of())) {
            entries.add(new BenchPlan.Entry(e.getUsername(), e.getParams().orElse(Map.of())));
        }
        return entries;
    }

    /**
     * Why this JVM cannot start JMH forks, or null when it can. JMH starts its forks with this JVM's
     * {@code java.class.path} and JVM options; a JVM started on the module path has an empty class path (and
     * options that would start the forks as modules), so {@code ./adjoint bench} launches on the class path.
     */
    public static String forkProblem() {
        if (!System.getProperty("java.class.path", "").isBlank() && !BenchRunner.class.getModule().isNamed()) {
            return null;
        }
        return "benchmarks run on the class path, which JMH passes to its forked JVMs; start them with "
                + "'./adjoint bench', or 'java --add-modules jdk.incubator.vector -cp <the apps jar and "
                + "apps/target/lib/*.jar> dev.adjoint.apps.Main bench'";
    }

    /** Runs the cases in order; a failed case is reported and skipped. */
    public List<Measurement> run(List<BenchCase> cases) {
        List<Measurement> done = new ArrayList<>();
        int width = Integer.toString(cases.size()).length();
        for (int i = 0; i < cases.size(); i++) {
            BenchCase c = cases.get(i);
            progress.printf("[%" + width + "d/%d] %s ... ", i + 1, cases.size(), c.label());
            progress.flush();
            Optional<Measurement> estimate = BenchPlan.estimate(c, done, referenceLimitSeconds);
            if (estimate.isPresent()) {
                done.add(estimate.get());
                progress.println("~" + ResultTable.formatSeconds(estimate.get().seconds()) + " (estimated, "
                        + estimate.get().estimate() + ")");
                continue;
            }
            long start = System.nanoTime();
            try {
                Measurement m = runOne(c);
                done.add(m);
                progress.printf("%s  (%.0f s)%n", ResultTable.formatSeconds(m.seconds()),
                        (System.nanoTime() - start) / 1e9);
            } catch (RunnerException | RuntimeException e) {
                String why = rootMessage(e);
                failures.add(c.label() + ": " + why);
                progress.println("FAILED: " + why);
            }
        }
        return done;
    }

    /** One line per failed case: its label and why. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    private Measurement runOne(BenchCase c) throws RunnerException {
        BenchCase.Iterations it = c.iterations();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(c.benchmark()) + "$")
                .forks(1)
                .threads(1)
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .warmupIterations(it.warmups())
                .warmupTime(TimeValue.milliseconds(it.warmupMillis()))
                .measurementIterations(it.measurements())
                .measurementTime(TimeValue.milliseconds(it.measurementMillis()))
                .jvmArgsAppend(FORK_JVM_ARGS.toArray(String[]::new))
                .shouldFailOnError(true);
        c.params().forEach(options::param);

        OutputFormat format = verbose ? OutputFormatFactory.createFormatInstance(progress, VerboseMode.NORMAL)
                : OutputFormatFactory.createFormatInstance(nullStream(), VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(options.build(), format).run();
        if (results.isEmpty()) {
            throw new IllegalStateException("JMH returned no result");
        }
        Result<?> primary = results.iterator().next().getPrimaryResult();
        if (!"ns/op".equals(primary.getScoreUnit())) {
            throw new IllegalStateException("expected a score in ns/op, got " + primary.getScoreUnit());
        }
        double medianNanos = primary.getStatistics().getPercentile(50);
        return new Measurement(c.shortName(), c.params(), Workload.of(c.shortName(), c.params()), medianNanos * 1e-9,
                (int) primary.getStatistics().getN(), null, counters(results.iterator().next()));
    }

    /**
     * The benchmark's event counters ({@code @AuxCounters(EVENTS)}) per operation: each counter's total divided by
     * the total of the counter named {@value #OPS_COUNTER}, which the benchmark increments once per operation.
     */
    static Map<String, Double> counters(RunResult result) {
        Map<String, Result> secondary = result.getSecondaryResults();
        Result ops = secondary.get(OPS_COUNTER);
        Map<String, Double> out = new LinkedHashMap<>();
        if (ops == null || ops.getScore() <= 0) {
            return out;
        }
        secondary.forEach((name, r) -> {
            if (!name.equals(OPS_COUNTER) && !name.startsWith("·")) {
                out.put(name, r.getScore() / ops.getScore());
            }
        });
        return out;
    }

    /** The innermost cause's message, with its class name when that adds something. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (true) {
            Throwable next = t.getCause() != null ? t.getCause()
                    : t.getSuppressed().length > 0 ? t.getSuppressed()[0] : null;
            if (next == null || next == t) {
                break;
            }
            t = next;
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        String first = message.lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    private static PrintStream nullStream() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
