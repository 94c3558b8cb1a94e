package dev.adjoint.apps.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One benchmark method with one value for each of its parameters, and the iterations it runs with.
 *
 * @param benchmark  the fully qualified JMH name, {@code package.Class.method}
 * @param params     one value per parameter, in the order the table lists them
 * @param iterations warm-up and measurement iterations
 */
public record BenchCase(String benchmark, Map<String, String> params, Iterations iterations) {

    /** JMH iteration counts and times for one case. */
    public record Iterations(int warmups, long warmupMillis, int measurements, long measurementMillis) {
        /** A short description, e.g. {@code 2x1000ms warm-up, 3x1000ms}. */
        @Override
        public String toString() {
            return warmups + "x" + warmupMillis + "ms warm-up, " + measurements + "x" + measurementMillis + "ms";
        }
    }

    /** A copy of {@code params} is kept, in their order. */
    public BenchCase {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** {@code SimpleClassName.method}. */
    public String shortName() {
        return shortName(benchmark);
    }

    /** The last two dot-separated parts of a JMH benchmark name. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    /** The backend parameter, or null for the baselines. */
    public String backend() {
        return params.get("backend");
    }

    /** {@code ShortName backend=vector n=1024 dtype=f32}. */
    public String label() {
        if (params.isEmpty()) {
            return shortName();
        }
        return shortName() + " " + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
