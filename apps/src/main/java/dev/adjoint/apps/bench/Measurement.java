package dev.adjoint.apps.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One timed benchmark case: the median time per operation over the measurement iterations, or an estimate
 * when the case was too slow to run.
 *
 * @param benchmark  {@code SimpleClassName.method}
 * @param params     the JMH parameters of this case, including {@code backend} where the benchmark has one
 * @param work       what one operation moves and computes
 * @param seconds    median seconds per operation
 * @param samples    measurement iterations the median is taken over (0 for an estimate)
 * @param estimate   null when measured; otherwise how the time was estimated
 * @param counters   per-operation averages of what the benchmark counted besides time (e.g. solver iterations),
 *                   in the order it reported them; empty for most benchmarks
 */
public record Measurement(String benchmark, Map<String, String> params, Workload work, double seconds, int samples,
        String estimate, Map<String, Double> counters) {

    /** Copies of {@code params} and {@code counters} are kept, in their order. */
    public Measurement {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** A measurement without counters. */
    public Measurement(String benchmark, Map<String, String> params, Workload work, double seconds, int samples,
            String estimate) {
        this(benchmark, params, work, seconds, samples, estimate, Map.of());
    }

    /** The backend this case ran on, or null for the plain-Java baselines. */
    public String backend() {
        return params.get("backend");
    }

    /** Whether the time is an estimate rather than a measurement. */
    public boolean estimated() {
        return estimate != null;
    }
}
