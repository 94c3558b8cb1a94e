package dev.adjoint.apps.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The compute baseline: fused multiply-adds on {@link #ACCUMULATORS} independent vector accumulators of the
 * preferred species in each of one thread per core, so that FMA latency is hidden and the units stay busy.
 * Counts two flops per lane per FMA.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FmaPeakBench {
    /** Independent accumulators per thread. */
    public static final int ACCUMULATORS = 12;
    /** Loop trips per thread and operation; each trip does one FMA per accumulator. */
    public static final int TRIPS = 1 << 20;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    @Param({"f32", "f64"})
    public String dtype;

    private Workers workers;

    /** Flops one operation of this benchmark performs for {@code dtype} on this machine. */
    public static double flopsPerOp(String dtype) {
        int lanes = "f64".equals(dtype) ? D.length() : F.length();
        return 2.0 * lanes * ACCUMULATORS * TRIPS * Runtime.getRuntime().availableProcessors();
    }

    @Setup
    public void setup() {
        BenchData.dtype(dtype);
        workers = new Workers(Runtime.getRuntime().availableProcessors());
    }

    @TearDown
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public double fma() {
        return "f64".equals(dtype) ? workers.runAll(t -> fmaF64(TRIPS)) : workers.runAll(t -> fmaF32(TRIPS));
    }

    /** {@code c = c * a + b} converges to 1 for a = 0.999, b = 0.001, so nothing overflows or goes subnormal. */
    private static double fmaF32(int trips) {
        FloatVector a = FloatVector.broadcast(F, 0.999f);
        FloatVector b = FloatVector.broadcast(F, 0.001f);
        FloatVector c0 = FloatVector.broadcast(F, 0.1f);
        FloatVector c1 = FloatVector.broadcast(F, 0.2f);
        FloatVector c2 = FloatVector.broadcast(F, 0.3f);
        FloatVector c3 = FloatVector.broadcast(F, 0.4f);
        FloatVector c4 = FloatVector.broadcast(F, 0.5f);
        FloatVector c5 = FloatVector.broadcast(F, 0.6f);
        FloatVector c6 = FloatVector.broadcast(F, 0.7f);
        FloatVector c7 = FloatVector.broadcast(F, 0.8f);
        FloatVector c8 = FloatVector.broadcast(F, 0.9f);
        FloatVector c9 = FloatVector.broadcast(F, 1.1f);
        FloatVector c10 = FloatVector.broadcast(F, 1.2f);
        FloatVector c11 = FloatVector.broadcast(F, 1.3f);
        for (int i = 0; i < trips; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10)
                .add(c11);
        return sum.reduceLanes(VectorOperators.ADD);
    }

    private static double fmaF64(int trips) {
        DoubleVector a = DoubleVector.broadcast(D, 0.999);
        DoubleVector b = DoubleVector.broadcast(D, 0.001);
        DoubleVector c0 = DoubleVector.broadcast(D, 0.1);
        DoubleVector c1 = DoubleVector.broadcast(D, 0.2);
        DoubleVector c2 = DoubleVector.broadcast(D, 0.3);
        DoubleVector c3 = DoubleVector.broadcast(D, 0.4);
        DoubleVector c4 = DoubleVector.broadcast(D, 0.5);
        DoubleVector c5 = DoubleVector.broadcast(D, 0.6);
        DoubleVector c6 = DoubleVector.broadcast(D, 0.7);
        DoubleVector c7 = DoubleVector.broadcast(D, 0.8);
        DoubleVector c8 = DoubleVector.broadcast(D, 0.9);
        DoubleVector c9 = DoubleVector.broadcast(D, 1.1);
        DoubleVector c10 = DoubleVector.broadcast(D, 1.2);
        DoubleVector c11 = DoubleVector.broadcast(D, 1.3);
        for (int i = 0; i < trips; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        DoubleVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10)
                .add(c11);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
