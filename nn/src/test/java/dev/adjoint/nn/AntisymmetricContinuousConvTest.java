package dev.adjoint.nn;

import static dev.adjoint.nn.PointTesting.assertClose;
import static dev.adjoint.nn.PointTesting.cloud;
import static dev.adjoint.nn.PointTesting.permutation;
import static dev.adjoint.nn.PointTesting.relativeRowSum;
import static dev.adjoint.nn.PointTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AntisymmetricContinuousConvTest {
    private static final DType F64 = DType.FLOAT64;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void outputsSumToZeroWhileThePlainConvolutionsDoNot(DType dtype) {
        double bound = dtype == F64 ? 1e-14 : 1e-6;
        for (int dims = 2; dims <= 3; dims++) {
            int[] kernel = dims == 2 ? new int[] {8, 8} : new int[] {4, 4, 4};
            int n = dims == 2 ? 400 : 300;
            double radius = dims == 2 ? 0.12 : 0.25;
            AntisymmetricContinuousConv ascc = new AntisymmetricContinuousConv(3, 2, kernel, radius).withDType(dtype);
            Params p = ascc.init(RandomKey.of(dims));
            Tensor x = cloud(dims, n, dims, 1, dtype);
            Tensor f = cloud(10 + dims, n, 3, 1, dtype).relu();
            PointNeighborhood nb = PointNeighborhood.search(x, radius);
            assertThat(nb.edges(false) / (double) n).as("mean neighbours").isGreaterThan(10);
            double antisymmetric = relativeRowSum(ascc.apply(p, nb, f));
            // The same odd filter grid in a plain CConv (features f_j only, poly6 window, no bias): its pair
            // terms do not cancel, so the sum stays at least a thousand times the ASCC bound in float32 and
            // eleven orders of magnitude above it in float64.
            ContinuousConv plain = new ContinuousConv(3, 2, kernel, radius).withoutBias();
            double ordinary = relativeRowSum(plain.apply(Params.of("weight", ascc.fullFilter(p)), nb, f));
            assertThat(antisymmetric).as("ASCC %dD relative sum", dims).isLessThan(bound);
            assertThat(ordinary).as("plain CConv %dD relative sum", dims).isGreaterThan(1e-3);
        }
    }

    @Test
    void fullFilterIsPointAntisymmetric() {
        AntisymmetricContinuousConv ascc = new AntisymmetricContinuousConv(2, 3, new int[] {4, 2, 6}, 1)
                .withSymmetryAxis(2).withDType(F64);
        Tensor g = ascc.fullFilter(ascc.init(RandomKey.of(1)));
        assertThat(g.shape().dims()).containsExactly(4, 2, 6, 2, 3);
        for (int z = 0; z < 4; z++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 6; x++) {
                    for (int c = 0; c < 2; c++) {
                        for (int o = 0; o < 3; o++) {
                            assertThat(g.get(z, y, x, c, o)).isEqualTo(-g.get(3 - z, 1 - y, 5 - x, c, o));
                        }
                    }
                }
            }
        }
        Tensor half = Tensor.of(new double[] {1, 2, 3, 4}, 1, 4, 1, 1);
        Params p = Params.of("weight", half);
        Tensor full = new AntisymmetricContinuousConv(1, 1, new int[] {2, 4}, 1).withDType(F64).fullFilter(p);
        assertThat(full.reshape(8).toDoubleArray()).containsExactly(-4, -3, -2, -1, 1, 2, 3, 4);
    }

    @Test
    void pairTermByHand() {
        // Two points 0.5 apart along y; identity mapping; grid [2, 2] with half [1, 2] along y: full
        // [[-2, -1], [1, 2]]. Point 0 sees point 1 at p = (0, 0.5): cube (0, 0.25), grid (y, x) = (0.75, 0.5).
        Params p = Params.of("weight", Tensor.of(new double[] {1, 2}, 1, 2, 1, 1));
        AntisymmetricContinuousConv ascc = new AntisymmetricContinuousConv(1, 1, new int[] {2, 2}, 1)
                .withMapping(BallToCube.IDENTITY).withDType(F64);
        Tensor x = Tensor.of(new double[] {0, 0, 0, 0.5}, 2, 2);
        Tensor f = Tensor.of(new double[] {1, 2}, 2, 1);
        double a = 0.25;
        double g01 = 0.25 * (-2 * 0.5 - 1 * 0.5) + 0.75 * (1 * 0.5 + 2 * 0.5);
        double[] y = ascc.apply(p, x, f).toDoubleArray();
        assertThat(y[0]).isCloseTo(a * 3 * g01, within(1e-14));
        assertThat(y[1]).isCloseTo(-a * 3 * g01, within(1e-14));
    }

    @Test
    void gradientsInFeaturesWeightsAndPositions() {
        AntisymmetricContinuousConv ascc = new AntisymmetricContinuousConv(2, 2, new int[] {4, 4}, 0.4).withDType(F64);
        Params p = ascc.init(RandomKey.of(2));
        Tensor x = cloud(3, 16, 2, 1, F64);
        Tensor f = cloud(4, 16, 2, 1, F64);
        GradCheck.check(xs -> ascc.apply(Params.of("weight", xs[0]), xs[2], xs[1]), p.get("weight"), f, x);
        AntisymmetricContinuousConv a3 = new AntisymmetricContinuousConv(1, 2, new int[] {4, 4, 4}, 0.6)
                .withDType(F64);
        Params p3 = a3.init(RandomKey.of(3));
        GradCheck.check(xs -> a3.apply(Params.of("weight", xs[0]), xs[2], xs[1]), p3.get("weight"),
                cloud(5, 12, 1, 1, F64), cloud(6, 12, 3, 1, F64));
    }

    @Test
    void translationInvariantAndPermutationEquivariant() {
        AntisymmetricContinuousConv ascc = new AntisymmetricContinuousConv(2, 3, new int[] {8, 8}, 0.2).withDType(F64);
        Params p = ascc.init(RandomKey.of(4));
        Tensor x = cloud(7, 80, 2, 1, F64);
        Tensor f = cloud(8, 80, 2, 1, F64);
        Tensor y = ascc.apply(p, x, f);
        assertThat(y.abs().max().item()).isGreaterThan(0.1);
        assertClose(ascc.apply(p, x.add(Tensor.of(new double[] {-3.5, 0.75}, 1, 2)), f), y, 1e-12);
        int[] perm = permutation(9, 80);
        assertClose(ascc.apply(p, rows(x, perm), rows(f, perm)), rows(y, perm), 1e-12);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new AntisymmetricContinuousConv(1, 1, new int[] {5, 4}, 1))
                .hasMessageContaining("kernel [5, 4]").hasMessageContaining("even");
        assertThatThrownBy(() -> new AntisymmetricContinuousConv(1, 1, new int[] {4, 4}, -1))
                .hasMessageContaining("radius -1.0");
        AntisymmetricContinuousConv ascc = new AntisymmetricContinuousConv(1, 1, new int[] {4, 4}, 0.3);
        Params p = ascc.init(RandomKey.of(1));
        Tensor x = cloud(1, 10, 2, 1, DType.FLOAT32);
        PointNeighborhood separate = PointNeighborhood.search(x, cloud(2, 4, 2, 1, DType.FLOAT32), 0.3);
        assertThatThrownBy(() -> ascc.apply(p, separate, Tensor.zeros(10, 1)))
                .isInstanceOf(OpException.class).hasMessageContaining("own queries");
        assertThatThrownBy(() -> ascc.apply(p, x, Tensor.zeros(10, 2))).hasMessageContaining("expected [10, 1]");
    }
}
