package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.on;
import static dev.adjoint.backend.vector.ReferenceOracle.onVector;
import static dev.adjoint.backend.vector.ReferenceOracle.random;
import static dev.adjoint.backend.vector.ReferenceOracle.sameAsReference;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.Boundary;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector backend's grid sampling and its adjoint equal the reference backend's bit for bit, for 1-3
 * spatial dimensions, every boundary, special coordinates (nodes, edges, outside, NaN, infinities) and
 * channel counts around the SIMD width; the adjoint does not depend on the pool size.
 */
class SampleKernelsTest {
    private static final Boundary[][] BOUNDARIES = {
        {Boundary.ZERO}, {Boundary.CLAMP}, {Boundary.PERIODIC},
        {Boundary.PERIODIC, Boundary.ZERO, Boundary.CLAMP}, {Boundary.CLAMP, Boundary.PERIODIC, Boundary.ZERO}};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void samplesEveryDimensionBoundaryAndChannelCount(DType dtype) {
        for (int dims = 1; dims <= 3; dims++) {
            int[] size = {7, 5, 4};
            for (Boundary[] boundary : BOUNDARIES) {
                Boundary[] rule = perAxis(boundary, dims);
                for (int channels : new int[] {1, 3, 4, 9}) {
                    int[] gridShape = gridShape(null, size, dims, channels);
                    int d = dims;
                    sameAsReference(b -> random(b, dtype, 1, gridShape).sample(points(b, dtype, 2, null, 57, d, size),
                            rule));
                    sameAsReference(b -> values(b, dtype, 3, null, 57, channels).sampleAdjoint(
                            points(b, dtype, 2, null, 57, d, size), java.util.Arrays.copyOf(size, d), rule));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void samplesBatchesLargeGridsAndWideChannels(DType dtype) {
        int[] size = {64, 48};
        for (Boundary[] boundary : BOUNDARIES) {
            Boundary[] rule = perAxis(boundary, 2);
            sameAsReference(b -> random(b, dtype, 4, 3, 64, 48, 1).sample(points(b, dtype, 5, 3, 4001, 2, size), rule));
            sameAsReference(b -> values(b, dtype, 6, 3, 4001, 1).sampleAdjoint(points(b, dtype, 5, 3, 4001, 2, size),
                    size, rule));
            sameAsReference(b -> random(b, dtype, 7, 64, 48, 19).sample(points(b, dtype, 8, null, 3001, 2, size), rule));
            sameAsReference(b -> values(b, dtype, 9, null, 3001, 19).sampleAdjoint(
                    points(b, dtype, 8, null, 3001, 2, size), size, rule));
        }
        int[] cube = {17, 9, 11};
        sameAsReference(b -> values(b, dtype, 10, 2, 5003, 2).sampleAdjoint(points(b, dtype, 11, 2, 5003, 3, cube),
                cube, Boundary.PERIODIC));
    }

    @Test
    void handlesEmptyGridsPointsAndSizeOneAxes() {
        int[] flat = {1, 6};
        sameAsReference(b -> random(b, DType.FLOAT64, 12, 1, 6, 2).sample(points(b, DType.FLOAT64, 13, null, 40, 2, flat),
                Boundary.CLAMP));
        sameAsReference(b -> values(b, DType.FLOAT32, 14, null, 40, 2).sampleAdjoint(
                points(b, DType.FLOAT32, 13, null, 40, 2, flat), flat, Boundary.PERIODIC));
        int[] empty = {0, 3};
        sameAsReference(b -> random(b, DType.FLOAT32, 15, 0, 3, 2).sample(points(b, DType.FLOAT32, 16, null, 30, 2, empty),
                Boundary.ZERO));
        sameAsReference(b -> values(b, DType.FLOAT64, 17, null, 30, 2).sampleAdjoint(
                points(b, DType.FLOAT64, 16, null, 30, 2, empty), empty, Boundary.ZERO));
        sameAsReference(b -> random(b, DType.FLOAT64, 18, 4, 3).sample(on(b, new double[0], 0, 1)));
        sameAsReference(b -> random(b, DType.FLOAT32, 19, 4, 0).sample(points(b, DType.FLOAT32, 20, null, 9, 1,
                new int[] {4})));
        sameAsReference(b -> on(b, new float[0], 0, 2).sampleAdjoint(on(b, new float[0], 0, 1), new int[] {5}));
    }

    @Test
    void matchesHandComputedInterpolation() {
        // grid g[i][j] = 10 i + j on a 3 x 3 grid; (0.5, 1.25) -> 5 + 1.25; outside with ZERO: partial weights
        double[] g = {0, 1, 2, 10, 11, 12, 20, 21, 22};
        Tensor out = onVector(b -> on(b, g, 3, 3, 1).sample(on(b, new double[] {0.5, 1.25, -0.5, 0, 2.5, 2, Double.NaN, 0},
                4, 2), Boundary.ZERO));
        assertThat(out.toDoubleArray()).containsExactly(6.25, 0.0, 11.0, Double.NaN);
        Tensor clamp = onVector(b -> on(b, g, 3, 3, 1).sample(on(b, new double[] {-3, 7, 1, 1.5}, 2, 2), Boundary.CLAMP));
        assertThat(clamp.toDoubleArray()).containsExactly(2.0, 11.5);
        Tensor spread = onVector(b -> on(b, new float[] {4, 8}, 2, 1).sampleAdjoint(
                on(b, new float[] {0.25f, 2.5f}, 2, 1), new int[] {3}, Boundary.PERIODIC));
        assertThat(spread.toFloatArray()).containsExactly(7, 1, 4);
    }

    /** Random points over the grid and around it, with nodes, edges, far values, NaN and infinities mixed in. */
    private static Tensor points(Backend b, DType dtype, long seed, Integer batch, int n, int dims, int[] size) {
        int rows = (batch == null ? 1 : batch) * n;
        double[] p = new double[rows * dims];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0, -0.5, 0.0, -1e-17,
            1e300, -1e300};
        for (int i = 0; i < rows; i++) {
            for (int d = 0; d < dims; d++) {
                double r = rng.nextDouble();
                int s = size[d];
                double x;
                if (r < 0.05) {
                    x = special[rng.nextInt(special.length)];
                } else if (r < 0.1) {
                    x = rng.nextInt(Math.max(1, s) + 2) - 1;
                } else if (r < 0.12) {
                    x = s - 1;
                } else if (r < 0.14) {
                    x = s;
                } else {
                    x = -2 + (s + 3) * rng.nextDouble();
                }
                p[i * dims + d] = x;
            }
        }
        int[] shape = batch == null ? new int[] {n, dims} : new int[] {batch, n, dims};
        if (dtype == DType.FLOAT64) {
            return on(b, p, shape);
        }
        float[] f = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            f[i] = (float) p[i];
        }
        return on(b, f, shape);
    }

    private static Tensor values(Backend b, DType dtype, long seed, Integer batch, int n, int channels) {
        return batch == null ? random(b, dtype, seed, n, channels) : random(b, dtype, seed, batch, n, channels);
    }

    private static int[] gridShape(Integer batch, int[] size, int dims, int channels) {
        int lead = batch == null ? 0 : 1;
        int[] shape = new int[lead + dims + 1];
        if (batch != null) {
            shape[0] = batch;
        }
        System.arraycopy(size, 0, shape, lead, dims);
        shape[shape.length - 1] = channels;
        return shape;
    }

    private static Boundary[] perAxis(Boundary[] boundary, int dims) {
        return boundary.length == 1 ? boundary : java.util.Arrays.copyOf(boundary, dims);
    }
}
