package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ClipTest {

    private static Params tree(DType dtype) {
        // global norm sqrt(9 + 0 + 16) = 5
        return Params.of("a", Tensor.of(new double[] {3, 0}).cast(dtype),
                "b/c", Tensor.of(new double[][] {{-4}}).cast(dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void byValueClipsEachComponent(DType dtype) {
        Params g = Params.of("a", Tensor.of(new double[] {-3, 0.5, 2, Double.NaN}).cast(dtype));
        double[] r = Clip.byValue(g, 1).get("a").toDoubleArray();
        assertThat(r[0]).isEqualTo(-1.0);
        assertThat(r[1]).isEqualTo(0.5);
        assertThat(r[2]).isEqualTo(1.0);
        assertThat(r[3]).isNaN();
        assertThat(Clip.byValue(g, 1).get("a").dtype()).isEqualTo(dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void globalNormIsOverTheWholeTree(DType dtype) {
        assertThat(Clip.globalNorm(tree(dtype))).isEqualTo(5.0);
        assertThat(Clip.globalNorm(Params.empty())).isEqualTo(0.0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void byGlobalNormScalesEveryTensorByOneFactor(DType dtype) {
        Clip.Clipped c = Clip.byGlobalNorm(tree(dtype), 1.0);
        assertThat(c.norm()).isEqualTo(5.0);
        assertThat(c.grads().get("a").toDoubleArray()).containsExactly(new double[] {0.6, 0}, within(1e-7));
        assertThat(c.grads().get("b/c").toDoubleArray()).containsExactly(new double[] {-0.8}, within(1e-7));
        assertThat(Clip.globalNorm(c.grads())).isCloseTo(1.0, within(1e-7));
    }

    @Test
    void byGlobalNormLeavesSmallTreesAlone() {
        Params g = tree(DType.FLOAT64);
        Clip.Clipped c = Clip.byGlobalNorm(g, 10);
        assertThat(c.norm()).isEqualTo(5.0);
        assertThat(c.grads()).isSameAs(g);
        assertThat(Clip.byGlobalNorm(g, 5).grads()).isSameAs(g);
    }

    @Test
    void nanNormPoisonsEverything() {
        Params g = Params.of("a", Tensor.of(new double[] {1, Double.NaN}));
        Clip.Clipped c = Clip.byGlobalNorm(g, 1);
        assertThat(c.norm()).isNaN();
        assertThat(c.grads().get("a").toDoubleArray()[0]).isNaN();
    }

    @Test
    void rejectsBadLimits() {
        assertThatThrownBy(() -> Clip.byValue(tree(DType.FLOAT64), -1)).hasMessageContaining("limit");
        assertThatThrownBy(() -> Clip.byGlobalNorm(tree(DType.FLOAT64), 0)).hasMessageContaining("maxNorm");
    }
}
