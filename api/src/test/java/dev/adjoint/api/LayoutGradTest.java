package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.rand;
import static dev.adjoint.api.VjpTesting.f32;
import static dev.adjoint.api.VjpTesting.checkBoth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.testing.GradCheck;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Backward rules of the layout ops: hand-computed vector-Jacobian products, finite-difference checks in
 * float64 (tight) and float32 (loose), random-shape properties, and gradients of gradients.
 */
class LayoutGradTest {

    // ---- fixtures -----------------------------------------------------------------------------------

    /** The cotangent {@code v} maps to {@code vjp(f, x, v)}, with x in v's dtype. */
    static Function<Tensor[], Tensor> vjpAt(Function<Tensor, Tensor> f, Tensor x) {
        return v -> Autodiff.vjp(f, x.cast(v[0].dtype()), v[0]);
    }

    private static Tensor f64(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    /** 1, 2, ..., n as float64. */
    private static double[] counting(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    private static void assertGrad(Tensor grad, int[] shape, double... expected) {
        assertThat(grad.shape()).isEqualTo(Shape.of(shape));
        assertThat(grad.toDoubleArray()).containsExactly(expected);
    }

    // ---- reshape, permute, transpose, squeeze, unsqueeze ---------------------------------------------

    @Test
    void reshapeGradientIsTheCotangentReshapedBack() {
        Tensor g = Autodiff.vjp(x -> x.reshape(3, 2), rand(1, 2, 3), f64(counting(6), 3, 2));
        assertGrad(g, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        checkBoth(x -> x[0].reshape(-1, 4), rand(2, 2, 3, 2));
        checkBoth(x -> x[0].reshape(), rand(3, 1, 1));
        checkBoth(x -> x[0].flatten(), rand(4, 3, 2));
    }

    @Test
    void permuteGradientAppliesTheInversePermutation() {
        // x (2, 3) -> x^T (3, 2); cotangent [[1, 2], [3, 4], [5, 6]] transposes back to [[1, 3, 5], [2, 4, 6]].
        Tensor g = Autodiff.vjp(x -> x.permute(1, 0), rand(1, 2, 3), f64(counting(6), 3, 2));
        assertGrad(g, new int[] {2, 3}, 1, 3, 5, 2, 4, 6);
        // (2, 3, 4) -> permute(2, 0, 1) -> (4, 2, 3): cotangent element [k, i, j] lands on x[i, j, k].
        Tensor g3 = Autodiff.vjp(x -> x.permute(2, 0, 1), rand(1, 2, 3, 4), f64(counting(24), 4, 2, 3));
        double[] expected = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    expected[12 * i + 4 * j + k] = 6 * k + 3 * i + j + 1;
                }
            }
        }
        assertGrad(g3, new int[] {2, 3, 4}, expected);
        checkBoth(x -> x[0].permute(2, 0, 1), rand(5, 2, 3, 4));
        checkBoth(x -> x[0].permute(-1, 1, -3), rand(6, 2, 3, 2));
    }

    @Test
    void transposeGradientSwapsTheAxesBack() {
        Tensor g = Autodiff.vjp(x -> x.transpose(0, 1), rand(1, 3, 2), f64(counting(6), 2, 3));
        assertGrad(g, new int[] {3, 2}, 1, 4, 2, 5, 3, 6);
        checkBoth(x -> x[0].transpose(0, 2), rand(7, 2, 3, 4));
        checkBoth(x -> x[0].transpose(-1, 1), rand(8, 3, 2, 2));
        checkBoth(x -> x[0].transpose(1, 1), rand(9, 3, 2));
    }

    @Test
    void squeezeAndUnsqueezeGradientsRestoreTheShape() {
        Tensor g = Autodiff.vjp(x -> x.squeeze(), rand(1, 1, 3, 1), f64(counting(3)));
        assertGrad(g, new int[] {1, 3, 1}, 1, 2, 3);
        Tensor u = Autodiff.vjp(x -> x.unsqueeze(-1), rand(1, 3), f64(counting(3), 3, 1));
        assertGrad(u, new int[] {3}, 1, 2, 3);
        checkBoth(x -> x[0].squeeze(), rand(10, 1, 3, 1, 2));
        checkBoth(x -> x[0].squeeze(0, -1), rand(11, 1, 3, 1));
        checkBoth(x -> x[0].unsqueeze(1), rand(12, 2, 3));
        checkBoth(x -> x[0].reshape().unsqueeze(0), rand(13, 1));
        checkBoth(x -> x[0].unsqueeze(-1).squeeze(-1).unsqueeze(2), rand(14, 2, 3));
    }

    // ---- broadcastTo ----------------------------------------------------------------------------------

    @Test
    void broadcastGradientSumsOverTheCopies() {
        // (3, 1) -> (2, 3, 4): each element is copied 2 * 4 = 8 times.
        Tensor ones = Tensor.ones(DType.FLOAT64, 2, 3, 4);
        Tensor g = Autodiff.vjp(x -> x.broadcastTo(2, 3, 4), rand(1, 3, 1), ones);
        assertGrad(g, new int[] {3, 1}, 8, 8, 8);
        // (2,) -> (3, 2) with cotangent [[1, 2], [3, 4], [5, 6]]: column sums 9 and 12.
        Tensor c = Autodiff.vjp(x -> x.broadcastTo(3, 2), rand(1, 2), f64(counting(6), 3, 2));
        assertGrad(c, new int[] {2}, 9, 12);
        checkBoth(x -> x[0].broadcastTo(2, 4, 3, 5), rand(15, 1, 3, 1));
        checkBoth(x -> x[0].reshape().broadcastTo(2, 3), rand(16, 1));
        checkBoth(x -> x[0].broadcastTo(2, 3), rand(17, 2, 3));
        checkBoth(x -> x[0].broadcastTo(4, 1, 3), rand(18, 1, 1));
    }

    @Test
    void scalarsBroadcastAndReshapeWithTheirOwnShapedGradient() {
        Tensor scalar = rand(1);
        Tensor g = Autodiff.vjp(x -> x.broadcastTo(3), scalar, f64(counting(3)));
        assertGrad(g, new int[0], 6);
        Tensor r = Autodiff.vjp(x -> x.reshape(1, 1).unsqueeze(0), scalar, f64(new double[] {4}, 1, 1, 1));
        assertGrad(r, new int[0], 4);
        Tensor p = Autodiff.vjp(x -> x.pad(new int[0], new int[0], PadMode.REFLECT), scalar, f64(new double[] {5})
                .reshape());
        assertGrad(p, new int[0], 5);
    }

    @Test
    void broadcastToAnEmptyAxisGivesZeroGradient() {
        Tensor g = Autodiff.vjp(x -> x.broadcastTo(0, 2), rand(1, 1, 2), Tensor.zeros(DType.FLOAT64, 0, 2));
        assertGrad(g, new int[] {1, 2}, 0, 0);
    }

    // ---- slice, select ----------------------------------------------------------------------------------

    @Test
    void sliceGradientPlacesTheCotangentIntoZeros() {
        Tensor x = rand(1, 5);
        assertGrad(Autodiff.vjp(t -> t.slice(0, 1, 4), x, f64(new double[] {10, 20, 30})), new int[] {5},
                0, 10, 20, 30, 0);
        assertGrad(Autodiff.vjp(t -> t.slice(0, 0, 5, 2), x, f64(new double[] {10, 20, 30})), new int[] {5},
                10, 0, 20, 0, 30);
        // x[4:0:-2] reads positions 4 and 2.
        assertGrad(Autodiff.vjp(t -> t.slice(0, 4, 0, -2), x, f64(new double[] {10, 20})), new int[] {5},
                0, 0, 20, 0, 10);
        // x[::-1] reverses.
        assertGrad(Autodiff.vjp(t -> t.slice(0, -1, Integer.MIN_VALUE, -1), x, f64(counting(5))), new int[] {5},
                5, 4, 3, 2, 1);
        assertGrad(Autodiff.vjp(t -> t.slice(0, 3, 1), x, Tensor.zeros(DType.FLOAT64, 0)), new int[] {5},
                0, 0, 0, 0, 0);
    }

    @Test
    void sliceGradientsMatchFiniteDifferences() {
        Tensor x = rand(20, 3, 7);
        checkBoth(t -> t[0].slice(1, 2, 6), x);
        checkBoth(t -> t[0].slice(1, -5, 100), x);
        checkBoth(t -> t[0].slice(0, 0, 3, 2), x);
        checkBoth(t -> t[0].slice(1, 1, 7, 3), x);
        checkBoth(t -> t[0].slice(1, 6, -8, -1), x);
        checkBoth(t -> t[0].slice(1, 100, 0, -2), x);
        checkBoth(t -> t[0].slice(1, -2, 0, -4), x);
        checkBoth(t -> t[0].slice(0, 2, -100, -3), x);
        checkBoth(t -> t[0].slice(1, 4, 2), x);
        checkBoth(t -> t[0].slice(1, 2, 4, -1), x);
        checkBoth(t -> t[0].slice(1, 1, 6, 2).slice(1, -1, -100, -1).slice(0, 1, 3), x);
    }

    @Test
    void selectGradientIsAOneHotSlab() {
        Tensor g = Autodiff.vjp(x -> x.select(1, -1), rand(1, 2, 3), f64(new double[] {7, 8}));
        assertGrad(g, new int[] {2, 3}, 0, 0, 7, 0, 0, 8);
        checkBoth(x -> x[0].select(0, 1), rand(21, 3, 4));
        checkBoth(x -> x[0].select(-1, 0), rand(22, 2, 3, 2));
        checkBoth(x -> x[0].select(0, 2), rand(23, 4));
    }

    // ---- concat, stack --------------------------------------------------------------------------------

    @Test
    void concatGradientSplitsTheCotangent() {
        Tensor a = rand(1, 2, 1);
        Tensor b = rand(2, 2, 2);
        Tensor g = f64(counting(6), 2, 3);
        var grads = Autodiff.grad(xs -> Tensor.concat(1, xs.get(0), xs.get(1)).mul(g).sum(),
                java.util.List.of(a, b));
        assertGrad(grads.get(0), new int[] {2, 1}, 1, 4);
        assertGrad(grads.get(1), new int[] {2, 2}, 2, 3, 5, 6);
        // The same tensor twice receives both parts.
        Tensor twice = Autodiff.vjp(x -> Tensor.concat(0, x, x), rand(3, 2), f64(counting(4)));
        assertGrad(twice, new int[] {2}, 4, 6);
    }

    @Test
    void concatAndStackGradientsMatchFiniteDifferences() {
        checkBoth(x -> Tensor.concat(0, x[0], x[1], x[2]), rand(30, 2, 3), rand(31, 1, 3), rand(32, 3, 3));
        checkBoth(x -> Tensor.concat(-1, x[0], x[1]), rand(33, 2, 2), rand(34, 2, 3));
        checkBoth(x -> Tensor.concat(0, x[0], x[1], x[0]), rand(35, 0, 2), rand(36, 2, 2));
        checkBoth(x -> Tensor.concat(0, x[0]), rand(37, 3));
        checkBoth(x -> Tensor.stack(0, x[0], x[1], x[0]), rand(38, 2, 3), rand(39, 2, 3));
        checkBoth(x -> Tensor.stack(-1, x[0], x[1]), rand(40, 2, 3), rand(41, 2, 3));
        checkBoth(x -> Tensor.stack(0, x[0].reshape(), x[1].reshape()), rand(42, 1), rand(43, 1));
    }

    @Test
    void stackGradientSelectsEachPart() {
        Tensor g = f64(counting(6), 2, 3);
        var grads = Autodiff.grad(xs -> Tensor.stack(1, xs.get(0), xs.get(1), xs.get(0)).mul(g).sum(),
                java.util.List.of(rand(1, 2), rand(2, 2)));
        // stacked[i, k] is part k's element i; part 0 appears at k = 0 and k = 2.
        assertGrad(grads.get(0), new int[] {2}, 1 + 3, 4 + 6);
        assertGrad(grads.get(1), new int[] {2}, 2, 5);
    }

    // ---- pad, shift -------------------------------------------------------------------------------------

    @Test
    void constantPadGradientIsTheInterior() {
        Tensor g = Autodiff.vjp(x -> x.pad(new int[] {1, 0}, new int[] {0, 2}, PadMode.CONSTANT, 9.0),
                rand(1, 1, 2), f64(counting(8), 2, 4));
        // padded (2, 4): row 1 holds x at columns 0 and 1.
        assertGrad(g, new int[] {1, 2}, 5, 6);
    }

    @Test
    void reflectPadFoldsWideBordersBack() {
        // n = 3, 5 before and 4 after: sources 1 0 1 2 1 | 0 1 2 | 1 0 1 2; cotangent 1..12.
        Tensor g = Autodiff.vjp(x -> x.pad(new int[] {5}, new int[] {4}, PadMode.REFLECT), rand(1, 3),
                f64(counting(12)));
        assertGrad(g, new int[] {3}, 2 + 6 + 10, 1 + 3 + 5 + 7 + 9 + 11, 4 + 8 + 12);
    }

    @Test
    void symmetricPadFoldsWideBordersBack() {
        // n = 2, 3 before and 3 after: sources 1 1 0 | 0 1 | 1 0 0; cotangent 1..8.
        Tensor g = Autodiff.vjp(x -> x.pad(new int[] {3}, new int[] {3}, PadMode.SYMMETRIC), rand(1, 2),
                f64(counting(8)));
        assertGrad(g, new int[] {2}, 3 + 4 + 7 + 8, 1 + 2 + 5 + 6);
    }

    @Test
    void periodicPadFoldsWideBordersBack() {
        // n = 3, 4 before and 2 after: sources 2 0 1 2 | 0 1 2 | 0 1; cotangent 1..9.
        Tensor g = Autodiff.vjp(x -> x.pad(new int[] {4}, new int[] {2}, PadMode.PERIODIC), rand(1, 3),
                f64(counting(9)));
        assertGrad(g, new int[] {3}, 2 + 5 + 8, 3 + 6 + 9, 1 + 4 + 7);
    }

    @Test
    void edgePadFoldsOntoTheEdgeCells() {
        // n = 2, 2 before and 1 after: sources 0 0 | 0 1 | 1; cotangent 1..5.
        Tensor g = Autodiff.vjp(x -> x.pad(new int[] {2}, new int[] {1}, PadMode.EDGE), rand(1, 2),
                f64(counting(5)));
        assertGrad(g, new int[] {2}, 1 + 2 + 3, 4 + 5);
    }

    @Test
    void twoDimensionalPadFoldsEachAxis() {
        // x (1, 2) edge-padded by one row above and one column left: rows [a a b] twice.
        Tensor g = Autodiff.vjp(x -> x.pad(new int[] {1, 1}, new int[] {0, 0}, PadMode.EDGE), rand(1, 1, 2),
                f64(counting(6), 2, 3));
        assertGrad(g, new int[] {1, 2}, 1 + 2 + 4 + 5, 3 + 6);
    }

    @Test
    void padGradientsMatchFiniteDifferencesInEveryMode() {
        for (PadMode mode : PadMode.values()) {
            checkBoth(x -> x[0].pad(new int[] {5, 4}, new int[] {3, 7}, mode), rand(50, 2, 3));
            checkBoth(x -> x[0].pad(new int[] {1, 0}, new int[] {0, 2}, mode), rand(51, 3, 4));
            checkBoth(x -> x[0].pad(new int[] {3}, new int[] {2}, mode), rand(52, 1));
            checkBoth(x -> x[0].pad(new int[] {0, 0}, new int[] {0, 0}, mode), rand(53, 2, 2));
            checkBoth(x -> x[0].reshape().pad(new int[0], new int[0], mode), rand(54, 1));
        }
        checkBoth(x -> x[0].pad(new int[] {2}, new int[] {1}, PadMode.CONSTANT, 2.5), rand(55, 3));
        checkBoth(x -> x[0].pad(new int[] {2, 1}, new int[] {1, 0}, PadMode.CONSTANT), rand(56, 0, 2));
    }

    @Test
    void shiftGradientsMatchFiniteDifferencesInEveryMode() {
        for (PadMode mode : PadMode.values()) {
            for (int offset : new int[] {0, 1, -2, 5, -7, 12}) {
                checkBoth(x -> x[0].shift(1, offset, mode), rand(60, 2, 4));
            }
        }
        // A periodic shift is a permutation: the cotangent shifts back.
        Tensor g = Autodiff.vjp(x -> x.shift(0, 1, PadMode.PERIODIC), rand(1, 3), f64(counting(3)));
        assertGrad(g, new int[] {3}, 2, 3, 1);
        Tensor zero = Autodiff.vjp(x -> x.shift(0, 3, PadMode.PERIODIC), rand(1, 3), f64(counting(3)));
        assertGrad(zero, new int[] {3}, 1, 2, 3);
    }

    // ---- gradients of gradients -------------------------------------------------------------------------

    @Test
    void gradientOfPadGradientMatchesFiniteDifferences() {
        for (PadMode mode : PadMode.values()) {
            Tensor w = rand(70, 6, 7);
            // h(y) = sum(w * pad(y)^2): its gradient 2 P^T (w * P y) is linear in y with Hessian 2 P^T diag(w) P.
            Function<Tensor[], Tensor> gradOfH = x -> Autodiff.grad(
                    y -> y.pad(new int[] {3, 1}, new int[] {1, 4}, mode).square().mul(w.cast(y.dtype())).sum(), x[0]);
            checkBoth(gradOfH, rand(71, 2, 2));
        }
    }

    @Test
    void padRulesAreDifferentiableInTheirCotangent() {
        // vjp is linear in the cotangent v; its derivative in v is the forward op again (checked numerically).
        for (PadMode mode : PadMode.values()) {
            Tensor x = rand(72, 2, 3);
            checkBoth(vjpAt(y -> y.pad(new int[] {4, 0}, new int[] {1, 5}, mode), x), rand(73, 7, 8));
            // jvp differentiates the rule itself: J t = pad(t).
            Tensor t = rand(74, 2, 3);
            Tensor jt = Autodiff.jvp(y -> y.pad(new int[] {4, 0}, new int[] {1, 5}, mode), x, t);
            assertThat(jt.toDoubleArray()).containsExactly(
                    t.pad(new int[] {4, 0}, new int[] {1, 5}, mode).toDoubleArray());
        }
    }

    @Test
    void sliceAndConcatRulesAreDifferentiableInTheirCotangent() {
        Tensor x = rand(75, 3, 5);
        checkBoth(vjpAt(y -> y.slice(1, 4, 0, -2), x), rand(76, 3, 2));
        checkBoth(vjpAt(y -> Tensor.concat(1, y, y.slice(1, 1, 3)), x), rand(77, 3, 7));
        checkBoth(vjpAt(y -> Tensor.stack(0, y, y).select(1, 2), x), rand(78, 2, 5));
        checkBoth(vjpAt(y -> y.broadcastTo(2, 3, 5).permute(2, 0, 1), x), rand(79, 5, 2, 3));
    }

    // ---- random shapes ----------------------------------------------------------------------------------

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 30)
    void reshapeAndPermuteOnRandomShapes(@ForAll("shapes") int[] dims, @ForAll @IntRange(max = 1000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = shuffled(r, dims.length);
        int[] reversed = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            reversed[i] = dims[dims.length - 1 - i];
        }
        checkBoth(x -> x[0].permute(perm).reshape(reversed).unsqueeze(0).reshape(-1), rand(seed, dims));
    }

    @Property(tries = 40)
    void sliceOnRandomShapes(@ForAll("shapes") int[] dims, @ForAll @IntRange(max = 2) int axis,
            @ForAll @IntRange(min = -6, max = 6) int start, @ForAll @IntRange(min = -6, max = 6) int stop,
            @ForAll @IntRange(min = -3, max = 3) int step) {
        Assume.that(step != 0 && axis < dims.length);
        checkBoth(x -> x[0].slice(axis, start, stop, step), rand(start * 31L + stop, dims));
    }

    @Property(tries = 30)
    void padOnRandomShapes(@ForAll("shapes") int[] dims, @ForAll PadMode mode,
            @ForAll @IntRange(max = 1000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] before = new int[dims.length];
        int[] after = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            before[d] = r.nextInt(2 * dims[d] + 2);
            after[d] = r.nextInt(2 * dims[d] + 2);
        }
        checkBoth(x -> x[0].pad(before, after, mode), rand(seed, dims));
    }

    @Property(tries = 30)
    void concatOnRandomShapes(@ForAll("shapes") int[] dims, @ForAll @IntRange(max = 1000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int axis = r.nextInt(dims.length);
        int count = 1 + r.nextInt(3);
        Tensor[] parts = new Tensor[count];
        for (int i = 0; i < count; i++) {
            int[] d = dims.clone();
            d[axis] = r.nextInt(4);
            parts[i] = rand(seed + i, d);
        }
        checkBoth(x -> Tensor.concat(axis, x), parts);
    }

    private static int[] shuffled(SplittableRandom r, int n) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
