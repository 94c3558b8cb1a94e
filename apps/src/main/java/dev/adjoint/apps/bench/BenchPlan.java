package dev.adjoint.apps.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which cases {@code adjoint bench} runs, in which order and with how many iterations: every parameter
 * combination of the benchmarks whose {@code Class.method} matches a pattern, baselines first, the reference
 * backend next to the others for each size, and the baselines that matched rows are compared with added.
 */
public final class BenchPlan {
    /** A benchmark method as JMH's generated list describes it: its name and its parameters' declared values. */
    public record Entry(String benchmark, Map<String, String[]> params) {
    }

    /** Benchmark classes in the order the table shows them; others follow alphabetically. */
    private static final List<String> CLASS_ORDER = List.of("StreamTriadBench", "FmaPeakBench", "ElementwiseBench",
            "ReductionBench", "MatmulBench", "ConvBench", "ConvLayerBench", "UNetStepBench", "LaplacianBench",
            "SampleBench", "CconvBench", "CconvSearchBench", "SmokeBench", "SmokeRolloutBench");

    /** Reference cases of at least this many flops run with fewer iterations. */
    static final double SLOW_REFERENCE_FLOPS = 1e9;

    /** Sizes that a reference time can be scaled along, by the power of the work's growth. */
    private static final Map<String, Scaling> SCALING = Map.of("MatmulBench.matmul", new Scaling("n", 3));

    private record Scaling(String param, int power) {
    }

    private BenchPlan() {
    }

    /** Iterations of an ordinary case: 2 warm-ups and 3 measurements of 1 s, or 1 and 2 of 0.5 s when quick. */
    static BenchCase.Iterations normal(boolean quick) {
        return quick ? new BenchCase.Iterations(1, 500, 2, 500) : new BenchCase.Iterations(2, 1000, 3, 1000);
    }

    /** Iterations of a slow reference case; an iteration lasts at least one operation. */
    static BenchCase.Iterations slow(boolean quick) {
        return quick ? new BenchCase.Iterations(0, 500, 1, 500) : new BenchCase.Iterations(1, 1000, 2, 1000);
    }

    /**
     * The cases to run.
     *
     * @param entries  the benchmarks the JMH list holds
     * @param patterns regular expressions searched in {@code Class.method}, with and without the {@code Bench}
     *                 suffix of the class (so {@code Elementwise.add} matches {@code ElementwiseBench.add});
     *                 empty means all
     * @param filters  allowed values per parameter name (parameters not named keep all their values)
     * @param quick    fewer and shorter iterations
     */
    public static List<BenchCase> build(List<Entry> entries, List<String> patterns, Map<String, Set<String>> filters,
            boolean quick) {
        List<Pattern> compiled = patterns.stream().map(Pattern::compile).toList();
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt((Entry e) -> classRank(e.benchmark()))
                .thenComparing(e -> BenchCase.shortName(e.benchmark())));

        List<BenchCase> matched = new ArrayList<>();
        for (Entry e : sorted) {
            String name = BenchCase.shortName(e.benchmark());
            String plain = name.replace("Bench.", ".");
            if (compiled.isEmpty() || compiled.stream().anyMatch(p -> p.matcher(name).find()
                    || p.matcher(plain).find())) {
                matched.addAll(cases(e, filters, quick));
            }
        }
        // The baselines that matched rows are compared with.
        Set<String> wanted = new LinkedHashSet<>();
        for (BenchCase c : matched) {
            Workload w = Workload.of(c.shortName(), c.params());
            if (w.kind() == Workload.Kind.MEMORY) {
                wanted.add("StreamTriadBench.triad");
            } else if (w.kind() == Workload.Kind.COMPUTE) {
                wanted.add("FmaPeakBench.fma " + w.dtype());
            }
        }
        List<BenchCase> baselines = new ArrayList<>();
        for (Entry e : sorted) {
            String name = BenchCase.shortName(e.benchmark());
            for (BenchCase c : cases(e, Map.of(), quick)) {
                String key = name.equals("FmaPeakBench.fma") ? name + " " + c.params().get("dtype") : name;
                if (wanted.contains(key) && !matched.contains(c)) {
                    baselines.add(c);
                }
            }
        }
        List<BenchCase> all = new ArrayList<>(baselines);
        all.addAll(matched);
        all.sort(Comparator.comparingInt((BenchCase c) -> classRank(c.benchmark())));
        return all;
    }

    /** Every value combination of one entry: other parameters outermost in name order, backend innermost. */
    private static List<BenchCase> cases(Entry e, Map<String, Set<String>> filters, boolean quick) {
        List<String> names = new ArrayList<>(e.params().keySet());
        names.sort(Comparator.comparing((String n) -> n.equals("backend")).thenComparing(n -> n));
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (String name : names) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combos) {
                for (String v : e.params().get(name)) {
                    Set<String> allowed = filters.get(name);
                    if (allowed == null || allowed.contains(v)) {
                        Map<String, String> m = new LinkedHashMap<>(partial);
                        m.put(name, v);
                        next.add(m);
                    }
                }
            }
            combos = next;
        }
        List<BenchCase> out = new ArrayList<>();
        for (Map<String, String> params : combos) {
            Workload w = Workload.of(BenchCase.shortName(e.benchmark()), params);
            boolean slow = ResultTable.REFERENCE.equals(params.get("backend")) && w.flops() >= SLOW_REFERENCE_FLOPS;
            out.add(new BenchCase(e.benchmark(), params, slow ? slow(quick) : normal(quick)));
        }
        return out;
    }

    private static int classRank(String benchmark) {
        String name = BenchCase.shortName(benchmark);
        String type = name.substring(0, name.indexOf('.'));
        int i = CLASS_ORDER.indexOf(type);
        return i < 0 ? CLASS_ORDER.size() : i;
    }

    /**
     * An estimate instead of a run for a reference case expected to take more than {@code limitSeconds} per
     * operation: the measured reference time at the largest smaller size, scaled by the growth of the work
     * (e.g. {@code n^3} for matmul). Empty when the case should run: it is not a scalable reference case,
     * no smaller size was measured, the estimate is within the limit, or the limit is not positive.
     */
    public static Optional<Measurement> estimate(BenchCase c, List<Measurement> done, double limitSeconds) {
        Scaling scaling = SCALING.get(c.shortName());
        if (limitSeconds <= 0 || scaling == null || !ResultTable.REFERENCE.equals(c.backend())) {
            return Optional.empty();
        }
        long size = Long.parseLong(c.params().get(scaling.param()));
        Measurement from = null;
        for (Measurement m : done) {
            if (!m.benchmark().equals(c.shortName()) || m.estimated() || !sameExcept(m.params(), c.params(),
                    scaling.param())) {
                continue;
            }
            long s = Long.parseLong(m.params().get(scaling.param()));
            if (s < size && (from == null || s > Long.parseLong(from.params().get(scaling.param())))) {
                from = m;
            }
        }
        if (from == null) {
            return Optional.empty();
        }
        long fromSize = Long.parseLong(from.params().get(scaling.param()));
        double seconds = from.seconds() * Math.pow((double) size / fromSize, scaling.power());
        if (seconds <= limitSeconds) {
            return Optional.empty();
        }
        String how = String.format(Locale.ROOT,
                "not run (estimated over %.0f s per op): %s=%d time scaled from %s=%d by (%d/%d)^%d",
                limitSeconds, scaling.param(), size, scaling.param(), fromSize, size, fromSize, scaling.power());
        return Optional.of(new Measurement(c.shortName(), c.params(), Workload.of(c.shortName(), c.params()),
                seconds, 0, how));
    }

    private static boolean sameExcept(Map<String, String> a, Map<String, String> b, String except) {
        Map<String, String> x = new LinkedHashMap<>(a);
        Map<String, String> y = new LinkedHashMap<>(b);
        x.remove(except);
        y.remove(except);
        return x.equals(y);
    }
}
