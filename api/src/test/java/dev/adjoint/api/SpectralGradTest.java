package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.rand;
import static dev.adjoint.api.VjpTesting.checkBoth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.testing.GradCheck;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Backward rules of the Fourier transforms: hand-computed vector-Jacobian products, finite-difference
 * checks in float64 (tight) and float32 (loose) for 1-3D transforms of odd, even and prime sizes,
 * gradients of gradients, and random shapes.
 */
class SpectralGradTest {

    private static double[] vjp(Function<Tensor, Tensor> f, Tensor x, double[] seed, DType dtype) {
        Tensor y = f.apply(x);
        Tensor g = Tensor.of(seed, y.shape().dims()).cast(dtype);
        Tensor dx = Autodiff.vjp(f, x.cast(dtype), g);
        assertThat(dx.dtype()).isEqualTo(dtype);
        assertThat(dx.shape()).isEqualTo(x.shape());
        return dx.toDoubleArray();
    }

    private static final DType[] FLOATS = {DType.FLOAT64, DType.FLOAT32};

    // ---- hand-computed ----------------------------------------------------------------------------------

    @Test
    void fftVjpMatchesHandValues() {
        // Re X_1 = x0.re + x1.im - x2.re - x3.im for n = 4.
        Tensor x = rand(1, 4, 2);
        for (DType dtype : FLOATS) {
            double[] dx = vjp(v -> v.fft(1), x, new double[] {0, 0, 1, 0, 0, 0, 0, 0}, dtype);
            assertThat(dx).containsExactly(new double[] {1, 0, 0, 1, -1, 0, 0, -1}, within(1e-6));
        }
    }

    @Test
    void ifftVjpMatchesHandValues() {
        // Re y_1 = (X0.re - X1.im - X2.re + X3.im) / 4 for n = 4.
        Tensor x = rand(2, 4, 2);
        for (DType dtype : FLOATS) {
            double[] dx = vjp(v -> v.ifft(1), x, new double[] {0, 0, 1, 0, 0, 0, 0, 0}, dtype);
            assertThat(dx).containsExactly(new double[] {0.25, 0, 0, -0.25, -0.25, 0, 0, 0.25}, within(1e-6));
        }
    }

    @Test
    void rfftVjpMatchesHandValuesAndIgnoresTheAlwaysZeroImaginaryParts() {
        // n = 4: d Re X1 = [1, 0, -1, 0], d Im X1 = [0, -1, 0, 1], d Re X2 = [1, -1, 1, -1]; Im X0 = Im X2 = 0.
        Tensor x = rand(3, 4);
        for (DType dtype : FLOATS) {
            double[] dx = vjp(v -> v.rfft(1), x, new double[] {0, 5, 1, 2, 3, 7}, dtype);
            assertThat(dx).containsExactly(new double[] {4, -5, 2, -1}, within(1e-5));
        }
    }

    @Test
    void irfftVjpMatchesHandValuesWithExactZerosForIgnoredParts() {
        // n = 4: y_t = (X0.re + 2 (X1.re cos(pi t / 2) - X1.im sin(pi t / 2)) + X2.re (-1)^t) / 4.
        Tensor x = rand(4, 3, 2);
        for (DType dtype : FLOATS) {
            double[] dx = vjp(v -> v.irfft(1, 4), x, new double[] {1, 2, 0, 0}, dtype);
            assertThat(dx).containsExactly(new double[] {0.75, 0, 0.5, -1, -0.25, 0}, within(1e-6));
            assertThat(dx[1]).isEqualTo(0.0);
            assertThat(dx[5]).isEqualTo(0.0);
        }
    }

    @Test
    void irfft2dGivesZeroGradientExactlyToSelfConjugateImaginaryParts() {
        // The half spectrum [rows, n / 2 + 1, 2] of a rows x n signal: bins (j, k) with j in {0, rows / 2} and
        // k in {0, n / 2} (halves only when even) are their own conjugates, so irfft ignores their imaginary
        // parts; all other parts matter. Sizes 6 and 5 run the non-power-of-two (Bluestein) path.
        int[][] sizes = {{4, 4}, {6, 5}, {3, 6}};
        for (int[] size : sizes) {
            int rows = size[0];
            int n = size[1];
            int m = n / 2 + 1;
            Tensor x = rand(5 + rows, rows, m, 2);
            Tensor g = rand(6 + n, rows, n);
            double[] dx = Autodiff.vjp(v -> v.irfft(2, n), x, g).toDoubleArray();
            for (int j = 0; j < rows; j++) {
                for (int k = 0; k < m; k++) {
                    double im = dx[2 * (j * m + k) + 1];
                    if ((j == 0 || 2 * j == rows) && (k == 0 || 2 * k == n)) {
                        assertThat(im).as("bin (%d, %d) of %d x %d", j, k, rows, n).isEqualTo(0.0);
                    } else {
                        assertThat(Math.abs(im)).as("bin (%d, %d) of %d x %d", j, k, rows, n).isGreaterThan(1e-6);
                    }
                }
            }
            GradCheck.check(a -> a[0].irfft(2, n), x);
        }
    }

    // ---- finite differences -----------------------------------------------------------------------------

    @Test
    void fftAndIfft1d() {
        for (int[] shape : new int[][] {{1, 2}, {2, 2}, {8, 2}, {2, 5, 2}, {3, 6, 2}, {7, 2}, {2, 13, 2}}) {
            Tensor x = rand(shape.length * 10L + shape[shape.length - 2], shape);
            checkBoth(a -> a[0].fft(1), x);
            checkBoth(a -> a[0].ifft(1), x);
        }
    }

    @Test
    void fftAndIfft2dAnd3d() {
        checkBoth(a -> a[0].fft(2), rand(20, 3, 4, 2));
        checkBoth(a -> a[0].ifft(2), rand(21, 2, 5, 3, 2));
        checkBoth(a -> a[0].fft(3), rand(22, 2, 3, 2, 2));
        checkBoth(a -> a[0].ifft(3), rand(23, 2, 3, 3, 5, 2));
        checkBoth(a -> a[0].fft(2).ifft(1), rand(24, 3, 7, 2));
    }

    @Test
    void rfft1dOfOddEvenAndPrimeSizes() {
        for (int[] shape : new int[][] {{1}, {2}, {3}, {6}, {2, 5}, {3, 8}, {2, 7}, {11}}) {
            checkBoth(a -> a[0].rfft(1), rand(30 + shape[shape.length - 1], shape));
        }
    }

    @Test
    void rfft2dAnd3d() {
        checkBoth(a -> a[0].rfft(2), rand(40, 3, 4));
        checkBoth(a -> a[0].rfft(2), rand(41, 2, 5, 3));
        checkBoth(a -> a[0].rfft(2), rand(42, 4, 7));
        checkBoth(a -> a[0].rfft(3), rand(43, 2, 3, 4));
        checkBoth(a -> a[0].rfft(3), rand(44, 2, 3, 2, 5));
    }

    @Test
    void irfft1dOfOddEvenAndPrimeSizes() {
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 11}) {
            checkBoth(a -> a[0].irfft(1, n), rand(50 + n, 2, n / 2 + 1, 2));
        }
    }

    @Test
    void irfft2dAnd3d() {
        checkBoth(a -> a[0].irfft(2, 4), rand(60, 3, 3, 2));
        checkBoth(a -> a[0].irfft(2, 5), rand(61, 2, 4, 3, 2));
        checkBoth(a -> a[0].irfft(2, 7), rand(62, 2, 4, 2));
        checkBoth(a -> a[0].irfft(3, 4), rand(63, 2, 3, 3, 2));
        checkBoth(a -> a[0].irfft(3, 3), rand(64, 2, 2, 4, 2, 2));
    }

    @Test
    void roundTripsAreIdentities() {
        checkBoth(a -> a[0].rfft(2).irfft(2, 5), rand(70, 3, 5));
        checkBoth(a -> a[0].irfft(2, 6).rfft(2), rand(71, 3, 4, 2));
        checkBoth(a -> a[0].fft(3).ifft(3), rand(72, 2, 3, 2, 2));
    }

    // ---- gradients of gradients -------------------------------------------------------------------------

    @Test
    void gradientsOfRfftGradients() {
        checkBoth(a -> Autodiff.grad(v -> v.rfft(1).square().sum(), a[0]), rand(80, 2, 5));
        checkBoth(a -> Autodiff.grad(v -> v.rfft(2).square().square().sum(), a[0]), rand(81, 4, 3));
        checkBoth(a -> Autodiff.grad(v -> v.rfft(1).sin().sum(), a[0]), rand(82, 6));
    }

    @Test
    void gradientsOfIrfftAndFftGradients() {
        checkBoth(a -> Autodiff.grad(v -> v.irfft(1, 6).square().sum(), a[0]), rand(83, 2, 4, 2));
        checkBoth(a -> Autodiff.grad(v -> v.irfft(2, 3).sin().sum(), a[0]), rand(84, 3, 2, 2));
        checkBoth(a -> Autodiff.grad(v -> v.fft(1).square().sum(), a[0]), rand(85, 5, 2));
        checkBoth(a -> Autodiff.grad(v -> v.ifft(2).sin().sum(), a[0]), rand(86, 3, 2, 2));
    }

    // ---- random shapes ----------------------------------------------------------------------------------

    @Property(tries = 30)
    void transformsOnRandomShapes(@ForAll @IntRange(min = 1, max = 3) int dims,
            @ForAll @IntRange(max = 100_000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int batch = r.nextInt(2);
        int[] real = new int[batch + dims];
        for (int i = 0; i < real.length; i++) {
            real[i] = 1 + r.nextInt(i < batch ? 3 : 6);
        }
        int n = real[real.length - 1];
        int[] half = Arrays.copyOf(real, real.length + 1);
        half[real.length - 1] = n / 2 + 1;
        half[real.length] = 2;
        int[] full = Arrays.copyOf(real, real.length + 1);
        full[real.length] = 2;
        GradCheck c = GradCheck.forDType(DType.FLOAT64).elementLimit(24);
        c.run(a -> a[0].rfft(dims), rand(seed, real));
        c.run(a -> a[0].irfft(dims, n), rand(seed + 1L, half));
        c.run(a -> a[0].fft(dims), rand(seed + 2L, full));
        c.run(a -> a[0].ifft(dims), rand(seed + 3L, full));
    }
}
