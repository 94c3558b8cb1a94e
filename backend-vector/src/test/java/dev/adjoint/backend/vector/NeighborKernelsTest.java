package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.on;
import static dev.adjoint.backend.vector.ReferenceOracle.onVector;
import static dev.adjoint.backend.vector.ReferenceOracle.sameAsReference;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.DType;
import dev.adjoint.api.NeighborGraph;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector backend's radius-neighbour graphs equal the reference backend's exactly (row offsets and
 * ascending columns), open and periodic, in 1-3 dimensions, with points on the radius, duplicates and
 * non-finite coordinates, on every pool size.
 */
class NeighborKernelsTest {
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void randomCloudsInOpenSpace(DType dtype) {
        for (int dims = 1; dims <= 3; dims++) {
            int d = dims;
            sameAsReference(b -> graph(cloud(b, dtype, 1, 1500, d, 10), cloud(b, dtype, 2, 1301, d, 12), 0.9, null));
            sameAsReference(b -> graph(cloud(b, dtype, 3, 700, d, 10), null, 2.5, null));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void randomCloudsInAPeriodicBox(DType dtype) {
        double[][] boxes = {{10}, {10, 7}, {10, 7, 9}};
        for (int dims = 1; dims <= 3; dims++) {
            int d = dims;
            double[] box = boxes[dims - 1];
            sameAsReference(b -> graph(cloud(b, dtype, 4, 1200, d, 10), cloud(b, dtype, 5, 513, d, 14), 1.1, box));
            sameAsReference(b -> graph(cloud(b, dtype, 6, 300, d, 10), null, 3.4, box));
        }
    }

    @Test
    void latticePointsExactlyOnTheRadiusAreNeighbours() {
        // a 6 x 6 integer lattice with duplicates: radius 1 reaches the four axis neighbours exactly
        double[] p = new double[2 * 40];
        for (int i = 0; i < 36; i++) {
            p[2 * i] = i / 6;
            p[2 * i + 1] = i % 6;
        }
        for (int i = 36; i < 40; i++) {
            p[2 * i] = 2;
            p[2 * i + 1] = 3;
        }
        sameAsReference(b -> graph(on(b, p, 40, 2), null, 1.0, null));
        sameAsReference(b -> graph(on(b, p, 40, 2), null, 1.0, new double[] {6, 6}));
        Tensor g = onVector(b -> graph(on(b, p, 40, 2), on(b, new double[] {0, 0, 2, 3}, 2, 2), 1.0, null));
        // offsets 0, 3, 12; then the columns of (0, 0) and of (2, 3) (point 15) with its four duplicates
        assertThat(g.toIntArray()).containsExactly(0, 3, 12, 0, 1, 6, 9, 14, 15, 16, 21, 36, 37, 38, 39);
    }

    @Test
    void nonFiniteAndEmptyInputs() {
        double[] p = {0, 0, Double.NaN, 0, 0.5, Double.POSITIVE_INFINITY, 0.5, 0.5, 1e300, -1e300};
        double[] q = {0, 0, 0.5, Double.NaN, 0.25, 0.25};
        sameAsReference(b -> graph(on(b, p, 5, 2), on(b, q, 3, 2), 1.0, null));
        sameAsReference(b -> graph(on(b, new float[0], 0, 3), on(b, new float[] {1, 2, 3}, 1, 3), 1.0, null));
        sameAsReference(b -> graph(on(b, new float[] {1, 2, 3}, 1, 3), on(b, new float[0], 0, 3), 1.0, null));
        sameAsReference(b -> graph(on(b, new double[0], 0, 2), null, 1.0, new double[] {3, 3}));
    }

    /** The graph as one INT32 tensor: the row offsets, then the columns. */
    private static Tensor graph(Tensor points, Tensor queries, double radius, double[] box) {
        NeighborGraph g = points.radiusNeighbors(queries == null ? points : queries, radius, box);
        return Tensor.concat(0, g.rowOffsets(), g.columns());
    }

    /** Uniform points in {@code [-1, extent)} per axis, with a few exact duplicates. */
    private static Tensor cloud(Backend b, DType dtype, long seed, int n, int dims, double extent) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = new double[n * dims];
        for (int i = 0; i < n; i++) {
            boolean copy = i > 0 && rng.nextInt(20) == 0;
            int from = copy ? rng.nextInt(i) : -1;
            for (int d = 0; d < dims; d++) {
                p[i * dims + d] = copy ? p[from * dims + d] : -1 + (extent + 1) * rng.nextDouble();
            }
        }
        if (dtype == DType.FLOAT64) {
            return on(b, p, n, dims);
        }
        float[] f = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            f[i] = (float) p[i];
        }
        return on(b, f, n, dims);
    }
}
