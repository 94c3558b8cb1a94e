package dev.adjoint.backend.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD row operations shared by the indexing and sampling kernels: row sums, scaled row sums and the float /
 * double conversions of FLOAT32 data accumulated in double. Every lane does exactly the scalar operations
 * (a multiply, then an add; never a fused multiply-add), so results equal scalar loops bit for bit.
 */
final class Rows {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Floats with as many lanes as {@link #D}, for widening to and narrowing from double. */
    private static final VectorSpecies<Float> F_HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    private Rows() {
    }

    /** {@code dst[d + i] += src[s + i]} for {@code i < len}. */
    static void add(double[] dst, int d, double[] src, int s, int len) {
        int i = 0;
        for (int bound = D.loopBound(len); i < bound; i += D.length()) {
            DoubleVector.fromArray(D, dst, d + i).add(DoubleVector.fromArray(D, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /** {@code dst[d + i] += src[s + i]} for {@code i < len}, wrapping on overflow. */
    static void add(int[] dst, int d, int[] src, int s, int len) {
        int i = 0;
        for (int bound = I.loopBound(len); i < bound; i += I.length()) {
            IntVector.fromArray(I, dst, d + i).add(IntVector.fromArray(I, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /** {@code dst[d + i] += (double) src[s + i]} for {@code i < len}. */
    static void addWidened(double[] dst, int d, float[] src, int s, int len) {
        int i = 0;
        for (int bound = D.loopBound(len); i < bound; i += D.length()) {
            DoubleVector.fromArray(D, dst, d + i).add(widen(src, s + i)).intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /** {@code dst[d + i] += w * src[s + i]} for {@code i < len}. */
    static void axpy(double[] dst, int d, double w, double[] src, int s, int len) {
        int i = 0;
        for (int bound = D.loopBound(len); i < bound; i += D.length()) {
            DoubleVector.fromArray(D, dst, d + i).add(DoubleVector.fromArray(D, src, s + i).mul(w))
                    .intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] += w * src[s + i];
        }
    }

    /** {@code dst[d + i] += w * (double) src[s + i]} for {@code i < len}. */
    static void axpyWidened(double[] dst, int d, double w, float[] src, int s, int len) {
        int i = 0;
        for (int bound = D.loopBound(len); i < bound; i += D.length()) {
            DoubleVector.fromArray(D, dst, d + i).add(widen(src, s + i).mul(w)).intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] += w * src[s + i];
        }
    }

    /** {@code dst[d + i] = (float) src[s + i]} for {@code i < len}. */
    static void narrow(double[] src, int s, float[] dst, int d, int len) {
        int i = 0;
        for (int bound = D.loopBound(len); i < bound; i += D.length()) {
            ((FloatVector) DoubleVector.fromArray(D, src, s + i).convertShape(VectorOperators.D2F, F_HALF, 0))
                    .intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] = (float) src[s + i];
        }
    }

    /** {@code D.length()} floats from {@code src[s]} on, as doubles. */
    private static DoubleVector widen(float[] src, int s) {
        return (DoubleVector) FloatVector.fromArray(F_HALF, src, s).convertShape(VectorOperators.F2D, D, 0);
    }
}
