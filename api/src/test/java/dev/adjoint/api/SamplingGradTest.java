package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients of grid sampling and of its adjoint: hand-computed derivatives (edges, nodes, outside the grid),
 * finite-difference checks over dims, boundaries and batching, random shapes, and gradients of gradients.
 */
class SamplingGradTest {
    private static final Boundary ZERO = Boundary.ZERO;
    private static final Boundary CLAMP = Boundary.CLAMP;
    private static final Boundary PERIODIC = Boundary.PERIODIC;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Float dtypes under test; the hand-computed values below are exact in float32. */
    enum Float {
        F32(DType.FLOAT32, 1e-6),
        F64(DType.FLOAT64, 1e-14);

        final DType dtype;
        final double tol;

        Float(DType dtype, double tol) {
            this.dtype = dtype;
            this.tol = tol;
        }

        Tensor of(double[] data, int... shape) {
            if (dtype == DType.FLOAT64) {
                return Tensor.of(data, shape);
            }
            float[] f = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                f[i] = (float) data[i];
            }
            return Tensor.of(f, shape);
        }

        Tensor column(double... data) {
            return of(data, data.length, 1);
        }
    }

    private static void expect(Tensor actual, Float f, double... expected) {
        assertThat(actual.dtype()).isEqualTo(f.dtype);
        double[] a = actual.toDoubleArray();
        assertThat(a).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = f.tol * Math.max(1, Math.abs(expected[i]));
            assertThat(a[i]).as("element %d", i).isCloseTo(expected[i], within(tol));
        }
    }

    // ---- hand-computed derivatives, 1-D grid [4, 1] = 1, 3, 7, 8 ---------------------------------------

    private static final double[] LINE = {1, 3, 7, 8};

    /** d sample / d x at each point (seed 1 per point), one channel. */
    private static Tensor pointSlopes(Float f, Boundary boundary, double... xs) {
        Tensor grid = f.column(LINE);
        Tensor points = f.column(xs);
        return Autodiff.vjp(p -> grid.sample(p, boundary), points, points.onesLike());
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void clampSlopesAreZeroOutsideAndRightSidedOnNodes(Float f) {
        // Inside: the slope of the segment; outside [0, 3] and at the last node (from the right): zero.
        expect(pointSlopes(f, CLAMP, -0.5, 0.25, 1.5, 2.75, 3.5, 0, 1, 3, INF, -INF), f,
                0, 2, 4, 1, 0, 2, 4, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void zeroSlopesFadeToZeroBeyondTheEdges(Float f) {
        // On (-1, 0) the sample is (x + 1) * 1, on (3, 4) it is (4 - x) * 8; beyond, zero. Nodes: from the right.
        expect(pointSlopes(f, ZERO, -1.5, -0.5, 0.25, 2.75, 3.5, 4.5, -1, 3, 4, INF, -INF), f,
                0, 1, 2, 1, -8, 0, 1, -8, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void periodicSlopesWrapAround(Float f) {
        // Between node 3 (8) and node 0 (1) the slope is -7; 5.5 and -2.5 fall between nodes 1 (3) and 2 (7).
        expect(pointSlopes(f, PERIODIC, -0.5, 3.5, 0.25, 5.5, -2.5, 3, 0), f, -7, -7, 2, 4, 4, -7, 2);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void gridCotangentIsTheAdjoint(Float f) {
        Tensor points = f.column(-0.5, 0.25, 1.5, 2.75, 3.5);
        Tensor grid = f.column(LINE);
        Tensor g = Autodiff.vjp(gr -> gr.sample(points, CLAMP), grid, f.column(1, 1, 1, 1, 1));
        assertThat(g.shape()).isEqualTo(Shape.of(4, 1));
        // Node 0: 1 (clamped -0.5) + 0.75; node 1: 0.25 + 0.5; node 2: 0.5 + 0.25; node 3: 0.75 + 1 (clamped 3.5).
        expect(g, f, 1.75, 0.75, 0.75, 1.75);
        Tensor weighted = Autodiff.vjp(gr -> gr.sample(points, ZERO), grid, f.column(2, 1, 0, 4, 0));
        // -0.5 reads node 0 with weight 0.5; 0.25 reads 0.75 / 0.25; 2.75 reads 0.25 / 0.75 of nodes 2 / 3.
        expect(weighted, f, 1 + 0.75, 0.25, 1, 3);
    }

    // ---- hand-computed derivatives, 2-D and batched -----------------------------------------------------

    /** Grid [3, 3, 2] with channel 0 = i + 10 j and channel 1 = 2 i j, reproduced exactly by bilinear sampling. */
    private static double[] planeValues(double scale) {
        double[] v = new double[18];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                v[(i * 3 + j) * 2] = scale * (i + 10 * j);
                v[(i * 3 + j) * 2 + 1] = scale * 2 * i * j;
            }
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void twoDimensionalPointGradient(Float f) {
        Tensor grid = f.of(planeValues(1), 3, 3, 2);
        Tensor points = f.of(new double[] {0.5, 1.25, 1.75, 0.5}, 2, 2);
        Tensor g = Autodiff.vjp(p -> grid.sample(p), points, f.of(new double[] {1, 1, 1, 1}, 2, 2));
        // d/dx = 1 + 2y, d/dy = 10 + 2x.
        expect(g, f, 3.5, 11, 2, 13.5);
        Tensor only1 = Autodiff.vjp(p -> grid.sample(p), points, f.of(new double[] {0, 1, 0, 1}, 2, 2));
        expect(only1, f, 2.5, 1, 1, 3.5);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void batchedPointGradientUsesEachBatchsGrid(Float f) {
        double[] both = new double[36];
        System.arraycopy(planeValues(1), 0, both, 0, 18);
        System.arraycopy(planeValues(-2), 0, both, 18, 18);
        Tensor grid = f.of(both, 2, 3, 3, 2);
        Tensor points = f.of(new double[] {0.5, 1.25, 0.5, 1.25}, 2, 1, 2);
        Tensor g = Autodiff.vjp(p -> grid.sample(p), points, f.of(new double[] {1, 1, 1, 1}, 2, 1, 2));
        assertThat(g.shape()).isEqualTo(Shape.of(2, 1, 2));
        expect(g, f, 3.5, 11, -7, -22);
    }

    // ---- hand-computed derivatives of sampleAdjoint -------------------------------------------------

    @ParameterizedTest
    @EnumSource(Float.class)
    void adjointCotangents(Float f) {
        Tensor values = f.column(2, 1, -1, 5);
        Tensor points = f.column(1.25, -0.5, 3.5, 5);
        Tensor cot = f.column(LINE);
        int[] size = {4};
        // Values: the cotangent grid sampled at the points (ZERO: -0.5 -> 0.5, 3.5 -> 4, 5 -> 0).
        expect(Autodiff.vjp(v -> v.sampleAdjoint(points, size, ZERO), values, cot), f, 4, 0.5, 4, 0);
        // Points: value times the slope of the cotangent grid there.
        expect(Autodiff.vjp(p -> values.sampleAdjoint(p, size, ZERO), points, cot), f, 8, 1, 8, 0);
        expect(Autodiff.vjp(p -> values.sampleAdjoint(p, size, CLAMP), points, cot), f, 8, 0, 0, 0);
        expect(Autodiff.vjp(p -> values.sampleAdjoint(p, size, PERIODIC), points, cot), f, 8, -7, 7, 20);
    }

    @Test
    void emptyCasesGiveEmptyOrZeroCotangents() {
        Tensor grid = Tensor.zeros(DType.FLOAT64, 0, 2);
        Tensor points = Tensor.of(new double[] {-0.5, 0.5, 2.5}, 3, 1);
        Tensor seed = Tensor.ones(DType.FLOAT64, 3, 2);
        assertThat(Autodiff.vjp(gr -> gr.sample(points, ZERO), grid, seed).shape()).isEqualTo(Shape.of(0, 2));
        assertThat(Autodiff.vjp(p -> grid.sample(p, ZERO), points, seed).toDoubleArray()).containsExactly(0, 0, 0);
        Tensor none = Tensor.zeros(DType.FLOAT64, 0, 2);
        Tensor full = Tensor.ones(DType.FLOAT64, 4, 3, 1);
        Tensor g = Autodiff.vjp(p -> full.sample(p), none, Tensor.zeros(DType.FLOAT64, 0, 1));
        assertThat(g.shape()).isEqualTo(Shape.of(0, 2));
    }

    // ---- finite-difference checks over dims, boundaries, batching and dtypes ---------------------------

    private static final int[][] SIZES = {{5}, {4, 3}, {3, 4, 3}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Float f : Float.values()) {
            for (int dims = 1; dims <= 3; dims++) {
                for (Boundary b : Boundary.values()) {
                    out.add(Arguments.of(f, dims, b, false));
                    out.add(Arguments.of(f, dims, b, true));
                }
            }
        }
        return out.stream();
    }

    /** Values in [-1, 1). */
    private static Tensor random(Float f, SplittableRandom r, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return f.of(v, shape);
    }

    /**
     * Points {@code [(batch,) n, dims]} with coordinates {@code k + t}, {@code k} an integer in
     * {@code [-2, size]} and {@code t} in [0.1, 0.9]: inside, near and beyond both edges, but away from every
     * kink (all kinks of every boundary sit at integer coordinates). The first point of each batch lies
     * inside the grid, so that no check sees only zero derivatives.
     */
    private static Tensor randomPoints(Float f, SplittableRandom r, int batch, int n, int[] size) {
        int dims = size.length;
        double[] v = new double[Math.max(batch, 1) * n * dims];
        for (int i = 0; i < v.length; i++) {
            int s = size[i % dims];
            boolean first = i / dims % n == 0;
            int k = first ? r.nextInt(0, Math.max(s - 1, 1)) : r.nextInt(-2, s + 1);
            v[i] = k + r.nextDouble(0.1, 0.9);
        }
        return batch == 0 ? f.of(v, n, dims) : f.of(v, batch, n, dims);
    }

    private static int[] gridShape(int batch, int[] size, int channels) {
        int[] s = new int[size.length + (batch > 0 ? 2 : 1)];
        int k = 0;
        if (batch > 0) {
            s[k++] = batch;
        }
        for (int d : size) {
            s[k++] = d;
        }
        s[k] = channels;
        return s;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sampleMatchesFiniteDifferences(Float f, int dims, Boundary boundary, boolean batched) {
        SplittableRandom r = new SplittableRandom(dims * 31L + boundary.ordinal());
        int[] size = SIZES[dims - 1];
        int batch = batched ? 2 : 0;
        Tensor grid = random(f, r, gridShape(batch, size, 2));
        Tensor points = randomPoints(f, r, batch, 5, size);
        GradCheck.forDType(f.dtype).run(in -> in[0].sample(in[1], boundary), grid, points);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sampleAdjointMatchesFiniteDifferences(Float f, int dims, Boundary boundary, boolean batched) {
        SplittableRandom r = new SplittableRandom(dims * 37L + boundary.ordinal());
        int[] size = SIZES[dims - 1];
        int batch = batched ? 2 : 0;
        Tensor values = random(f, r, batch == 0 ? new int[] {5, 2} : new int[] {batch, 5, 2});
        Tensor points = randomPoints(f, r, batch, 5, size);
        GradCheck.forDType(f.dtype).run(in -> in[0].sampleAdjoint(in[1], size, boundary), values, points);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void mixedBoundariesPerAxis(Float f) {
        SplittableRandom r = new SplittableRandom(7);
        int[] size = {3, 4, 3};
        Boundary[] each = {ZERO, CLAMP, PERIODIC};
        Tensor grid = random(f, r, gridShape(0, size, 3));
        Tensor points = randomPoints(f, r, 0, 6, size);
        Tensor values = random(f, r, 6, 3);
        GradCheck.forDType(f.dtype).run(in -> in[0].sample(in[1], each), grid, points);
        GradCheck.forDType(f.dtype).run(in -> in[0].sampleAdjoint(in[1], size, each), values, points);
    }

    @Property(tries = 30)
    void randomShapesMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int dims,
            @ForAll Boundary boundary, @ForAll boolean batched, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] size = new int[dims];
        for (int d = 0; d < dims; d++) {
            size[d] = r.nextInt(1, 5);
        }
        int batch = batched ? r.nextInt(1, 3) : 0;
        int channels = r.nextInt(1, 4);
        int n = r.nextInt(1, 5);
        Float f = Float.F64;
        Tensor grid = random(f, r, gridShape(batch, size, channels));
        Tensor points = randomPoints(f, r, batch, n, size);
        Tensor values = random(f, r, batch == 0 ? new int[] {n, channels} : new int[] {batch, n, channels});
        GradCheck.check(in -> in[0].sample(in[1], boundary), grid, points);
        GradCheck.check(in -> in[0].sampleAdjoint(in[1], size, boundary), values, points);
    }

    // ---- gradients of gradients ------------------------------------------------------------------------

    @Test
    void secondDerivativesOfTheBilinearPlane() {
        Tensor grid = Tensor.of(planeValues(1), 3, 3, 2);
        Tensor points = Tensor.of(new double[] {0.5, 1.25, 1.75, 0.5}, 2, 2);
        Tensor dy = Tensor.of(new double[] {0, 1}, 2);
        // d/dp of sum over points of d f / dy, f = (i + 10 j) + 2 i j: (d2f/dxdy, d2f/dy2) = (2, 0).
        Tensor h = Autodiff.grad(p -> Autodiff.grad(q -> grid.sample(q).sum(), p).mul(dy).sum(), points);
        assertThat(h.toDoubleArray()).containsExactly(new double[] {2, 0, 2, 0}, within(1e-12));
    }

    @ParameterizedTest
    @EnumSource(Boundary.class)
    void pointGradientIsDifferentiable(Boundary boundary) {
        SplittableRandom r = new SplittableRandom(11 + boundary.ordinal());
        int[] size = {4, 3};
        Float f = Float.F64;
        Tensor grid = random(f, r, gridShape(0, size, 2));
        Tensor points = randomPoints(f, r, 0, 4, size);
        Tensor w = random(f, r, 4, 2);
        Function<Tensor[], Tensor> pointGrad =
                in -> Autodiff.grad(p -> in[0].sample(p, boundary).mul(w).sum(), in[1]);
        assertThat(maxAbs(pointGrad.apply(new Tensor[] {grid, points}))).isGreaterThan(0.01);
        GradCheck.check(pointGrad, grid, points);
        Tensor values = random(f, r, 4, 2);
        Tensor cot = random(f, r, gridShape(0, size, 2));
        Function<Tensor[], Tensor> adjointPointGrad =
                in -> Autodiff.grad(p -> in[0].sampleAdjoint(p, size, boundary).mul(cot).sum(), in[1]);
        assertThat(maxAbs(adjointPointGrad.apply(new Tensor[] {values, points}))).isGreaterThan(0.01);
        GradCheck.check(adjointPointGrad, values, points);
    }

    @ParameterizedTest
    @EnumSource(Boundary.class)
    void gridAndValueGradientsAreDifferentiableInThePoints(Boundary boundary) {
        SplittableRandom r = new SplittableRandom(23 + boundary.ordinal());
        int[] size = {3, 4};
        Float f = Float.F64;
        Tensor grid = random(f, r, gridShape(2, size, 2));
        Tensor points = randomPoints(f, r, 2, 3, size);
        Tensor w = random(f, r, 2, 3, 2);
        Function<Tensor[], Tensor> gridGrad =
                in -> Autodiff.grad(gr -> gr.sample(in[1], boundary).mul(w).sum(), in[0]).square();
        assertThat(maxAbs(gridGrad.apply(new Tensor[] {grid, points}))).isGreaterThan(0.01);
        GradCheck.check(gridGrad, grid, points);
        Tensor values = random(f, r, 2, 3, 2);
        Tensor cot = random(f, r, gridShape(2, size, 2));
        Function<Tensor[], Tensor> valueGrad =
                in -> Autodiff.grad(v -> v.sampleAdjoint(in[1], size, boundary).mul(cot).sum(), in[0]).square();
        assertThat(maxAbs(valueGrad.apply(new Tensor[] {values, points}))).isGreaterThan(0.01);
        GradCheck.check(valueGrad, values, points);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void gridGradientOfAPointGradientLossIn3d() {
        SplittableRandom r = new SplittableRandom(5);
        int[] size = {3, 3, 3};
        Float f = Float.F64;
        Tensor grid = random(f, r, gridShape(2, size, 1));
        Tensor points = randomPoints(f, r, 2, 3, size);
        Function<Tensor[], Tensor> loss = in -> Autodiff.grad(p -> in[0].sample(p, PERIODIC).sum(), in[1])
                .square().sum();
        assertThat(loss.apply(new Tensor[] {grid, points}).item()).isGreaterThan(0.01);
        GradCheck.check(loss, grid, points);
    }
}
