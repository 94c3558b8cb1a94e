package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DropoutTest {

    @Test
    void inferenceIsTheIdentity() {
        Tensor x = random(1, DType.FLOAT32, 3, 4);
        Dropout dropout = new Dropout(0.5);
        assertThat(dropout.apply(Params.empty(), x)).isSameAs(x);
        assertThat(dropout.init(RandomKey.of(1)).size()).isZero();
        assertThat(new Dropout(0).apply(Params.empty(), x, Context.training(RandomKey.of(1)))).isSameAs(x);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void trainingDropsAboutRateAndScalesTheRest(DType dtype) {
        int n = 20000;
        double rate = 0.3;
        Tensor x = Tensor.full(dtype, 2.0, 4, n / 4);
        Tensor y = new Dropout(rate).apply(Params.empty(), x, Context.training(RandomKey.of(42)));
        assertThat(y.dtype()).isEqualTo(dtype);
        assertThat(y.shape().dims()).containsExactly(4, n / 4);
        int zeros = 0;
        for (double v : y.toDoubleArray()) {
            if (v == 0) {
                zeros++;
            } else {
                assertThat(v).isCloseTo(2.0 / 0.7, within(1e-6));
            }
        }
        // The standard deviation of the fraction is sqrt(0.3 * 0.7 / 20000) ~ 0.0032.
        assertThat(zeros / (double) n).isCloseTo(rate, within(0.02));
    }

    @Test
    void theSameKeyGivesTheSameMask() {
        Dropout dropout = new Dropout(0.5);
        Tensor x = random(3, DType.FLOAT64, 10, 10);
        Tensor a = dropout.apply(Params.empty(), x, Context.training(RandomKey.of(5)));
        Tensor b = dropout.apply(Params.empty(), x, Context.training(RandomKey.of(5)));
        Tensor c = dropout.apply(Params.empty(), x, Context.training(RandomKey.of(6)));
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
        assertThat(a.toDoubleArray()).isNotEqualTo(c.toDoubleArray());
    }

    @Test
    void rateOneDropsEverythingAndBadRatesAreRejected() {
        Tensor y = new Dropout(1).apply(Params.empty(), Tensor.ones(5), Context.training(RandomKey.of(1)));
        assertThat(y.toDoubleArray()).containsOnly(0.0);
        assertThatThrownBy(() -> new Dropout(1.5)).hasMessageContaining("Dropout").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Dropout(0.5).apply(Params.empty(), Tensor.ones(3), new Context(true, null, null)))
                .hasMessageContaining("Dropout(0.5)").hasMessageContaining("key");
        assertThat(new Dropout(0.25).describe()).isEqualTo("Dropout(0.25)");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        Dropout dropout = new Dropout(0.4);
        Context training = Context.training(RandomKey.of(9));
        GradCheck.check(xs -> dropout.apply(Params.empty(), xs[0], training), random(1, DType.FLOAT64, 3, 5));
    }
}
