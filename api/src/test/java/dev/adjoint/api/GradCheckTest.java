package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.rand;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.testing.GradCheck;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The checker itself: its round-off floor must let a correct gradient of a large, cancelling sum pass, and must
 * stay far below the error of a gradient that is wrong by 1e-5 relative.
 */
class GradCheckTest {

    /** {@code scale * x} whose backward rule multiplies by {@code scale * (1 + error)}. */
    private static Tensor scaled(Tensor x, double scale, double error) {
        return Autodiff.customGradient("scaled", a -> a[0].mul(scale), (in, out, g) -> new Tensor[] {
                g.mul(scale * (1 + error))}, x);
    }

    @Test
    void aGradientWrongByOnePartIn1e5IsCaughtOnALargeOutput() {
        GradCheck check = GradCheck.forDType(DType.FLOAT64);
        Tensor x = rand(1, 40, 25);
        assertThatCode(() -> check.run(a -> scaled(a[0], 3, 0), x)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check.run(a -> scaled(a[0], 3, 1e-5), x))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradient mismatch at input 0 direction");
    }

    @Test
    void aGradientWrongByOnePartIn1e5IsCaughtElementByElement() {
        GradCheck check = GradCheck.forDType(DType.FLOAT64);
        Tensor x = rand(2, 4, 5);
        assertThatThrownBy(() -> check.run(a -> scaled(a[0], 7, 1e-5), x))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradient mismatch at input 0 element 0");
    }

    @Test
    void roundingOfALargeCancellingSumIsNotAMismatch() {
        // The sample that failed CI before the floor (the same inputs as SpectralGradTest's property at seed 3362): |diff| 4.8e-9 against a tolerance of 1.6e-9, from rounding
        // a weighted sum of total magnitude 62 (0.7 ulp) divided by 2 eps.
        GradCheck check = GradCheck.forDType(DType.FLOAT64).elementLimit(24);
        for (int dims = 1; dims <= 3; dims++) {
            int d = dims;
            SplittableRandom r = new SplittableRandom(3362);
            int batch = r.nextInt(2);
            int[] real = new int[batch + dims];
            for (int i = 0; i < real.length; i++) {
                real[i] = 1 + r.nextInt(i < batch ? 3 : 6);
            }
            int[] full = Arrays.copyOf(real, real.length + 1);
            full[real.length] = 2;
            assertThatCode(() -> check.run(a -> a[0].rfft(d), rand(3362, real))).doesNotThrowAnyException();
            assertThatCode(() -> check.run(a -> a[0].fft(d), rand(3364, full))).doesNotThrowAnyException();
            assertThatCode(() -> check.run(a -> a[0].ifft(d), rand(3365, full))).doesNotThrowAnyException();
        }
    }
}
