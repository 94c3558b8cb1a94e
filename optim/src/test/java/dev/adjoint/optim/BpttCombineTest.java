package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BpttCombineTest {
    private static final double NAN = Double.NaN;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void keepsTheModifiedValueOnlyWhereTheSignsAgree(DType dtype) {
        // agree +, agree -, opposite, both 0, M 0 only, R 0 only, NaN in M, NaN in R, -0 vs 0, both tiny +
        double[] m = {1.0, -2.0, 3.0, 0.0, 0.0, 5.0, NAN, 1.0, -0.0, 1e-30};
        double[] r = {4.0, -1.0, -3.0, 0.0, 2.0, 0.0, 1.0, NAN, 0.0, 7.0};
        double[] expected = {1.0, -2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, dtype == DType.FLOAT32 ? 1e-30f : 1e-30};
        Params gm = Params.of("net/w", Tensor.of(m, 2, 5).cast(dtype));
        Params gr = Params.of("net/w", Tensor.of(r, 2, 5).cast(dtype));
        Tensor c = Bptt.combine(gm, gr).get("net/w");
        assertThat(c.shape()).isEqualTo(gm.get("net/w").shape());
        assertThat(c.dtype()).isEqualTo(dtype);
        assertThat(c.toDoubleArray()).containsExactly(expected, within(0.0));
    }

    @Test
    void keptValuesAreNotRescaledAndEachTensorIsCombinedOnItsOwn() {
        Params gm = Params.of("a", Tensor.of(new double[] {0.5, -0.25}), "b", Tensor.scalar(-7.0, DType.FLOAT64));
        Params gr = Params.of("a", Tensor.of(new double[] {100, 100}), "b", Tensor.scalar(-1e-9, DType.FLOAT64));
        Params c = Bptt.combine(gm, gr);
        assertThat(c.names()).containsExactly("a", "b");
        assertThat(c.get("a").toDoubleArray()).containsExactly(0.5, 0.0);
        assertThat(c.get("b").item()).isEqualTo(-7.0);
    }

    @Test
    void treesMustMatch() {
        Params gm = Params.of("a", Tensor.of(new double[] {1, 2}));
        assertThatThrownBy(() -> Bptt.combine(gm, Params.of("b", Tensor.of(new double[] {1, 2}))))
                .hasMessageContaining("Bptt.combine");
        assertThatThrownBy(() -> Bptt.combine(gm, Params.of("a", Tensor.of(new double[] {1}))))
                .hasMessageContaining("'a'");
    }

    @Test
    void cosineSimilarity() {
        Params a = Params.of("x", Tensor.of(new double[] {1, 0}), "y", Tensor.of(new double[] {0}));
        Params b = Params.of("x", Tensor.of(new double[] {1, 1}), "y", Tensor.of(new double[] {0}));
        assertThat(Bptt.cosineSimilarity(a, b)).isCloseTo(Math.sqrt(0.5), within(1e-15));
    }
}
