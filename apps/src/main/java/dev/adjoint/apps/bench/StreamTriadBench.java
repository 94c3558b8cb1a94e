package dev.adjoint.apps.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The memory-bandwidth baseline: the STREAM triad {@code a[i] = b[i] + s * c[i]} over three arrays of
 * {@link #LENGTH} doubles, split in contiguous chunks over one thread per core. Counts 24 bytes per element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamTriadBench {
    /** Elements per array. */
    public static final int LENGTH = 1 << 24;

    private double[] a;
    private double[] b;
    private double[] c;
    private Workers workers;

    @Setup
    public void setup() {
        workers = new Workers(Runtime.getRuntime().availableProcessors());
        a = new double[LENGTH];
        b = new double[LENGTH];
        c = new double[LENGTH];
        // Each thread first touches the chunk it will work on.
        workers.runAll(t -> {
            int from = chunkStart(t, workers.threads());
            int to = chunkStart(t + 1, workers.threads());
            Arrays.fill(a, from, to, 0.0);
            Arrays.fill(b, from, to, 1.0);
            Arrays.fill(c, from, to, 2.0);
            return 0;
        });
    }

    @TearDown
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public double triad() {
        double s = 3.0;
        workers.runAll(t -> {
            int from = chunkStart(t, workers.threads());
            int to = chunkStart(t + 1, workers.threads());
            triad(a, b, c, s, from, to);
            return 0;
        });
        return a[LENGTH - 1];
    }

    private static void triad(double[] a, double[] b, double[] c, double s, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = b[i] + s * c[i];
        }
    }

    private static int chunkStart(int t, int threads) {
        return (int) ((long) LENGTH * t / threads);
    }
}
