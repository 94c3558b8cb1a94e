package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.closeToReference;
import static dev.adjoint.backend.vector.ReferenceOracle.on;
import static dev.adjoint.backend.vector.ReferenceOracle.onVector;
import static dev.adjoint.backend.vector.ReferenceOracle.random;
import static dev.adjoint.backend.vector.ReferenceOracle.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector backend's FFTs agree with the reference backend's within rounding, for powers of two (radix-2)
 * and other sizes (Bluestein), along last and inner axes, forward and inverse, and are bit-identical on every
 * pool size.
 */
class FftKernelsTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 8, 12, 16, 17, 31, 64, 100, 128};

    private static double tol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-6;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void complexFftOfOneAxisMatchesTheReference(DType dtype) {
        for (int n : SIZES) {
            closeToReference(b -> random(b, dtype, n, 3, n, 2).fft(1), tol(dtype) * n);
            closeToReference(b -> random(b, dtype, n, 3, n, 2).ifft(1), tol(dtype));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void multiDimensionalTransformsMatchTheReference(DType dtype) {
        int[][] shapes = {{16, 8}, {12, 5}, {4, 32, 3}, {2, 3, 64, 8}, {7, 6, 9}, {64, 128}};
        for (int[] s : shapes) {
            for (int dims = 1; dims <= Math.min(3, s.length); dims++) {
                int d = dims;
                int[] complex = java.util.Arrays.copyOf(s, s.length + 1);
                complex[s.length] = 2;
                double scale = 1;
                for (int a = s.length - dims; a < s.length; a++) {
                    scale *= s[a];
                }
                double t = tol(dtype) * scale;
                closeToReference(b -> random(b, dtype, 1, complex).fft(d), t);
                closeToReference(b -> random(b, dtype, 2, complex).ifft(d), tol(dtype));
                closeToReference(b -> random(b, dtype, 3, s).rfft(d), t);
                int last = s[s.length - 1];
                int[] half = complex.clone();
                half[s.length - 1] = last / 2 + 1;
                closeToReference(b -> random(b, dtype, 4, half).irfft(d, last), tol(dtype));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void realTransformsOfOddAndEvenLengths(DType dtype) {
        for (int n : SIZES) {
            closeToReference(b -> random(b, dtype, 5, 4, n).rfft(1), tol(dtype) * n);
            closeToReference(b -> random(b, dtype, 6, 4, n / 2 + 1, 2).irfft(1, n), tol(dtype));
        }
    }

    @Test
    void emptyBatchesGiveEmptyResults() {
        closeToReference(b -> random(b, DType.FLOAT64, 7, 0, 8, 2).fft(1), 0);
        closeToReference(b -> random(b, DType.FLOAT32, 8, 0, 6).rfft(1), 0);
        closeToReference(b -> random(b, DType.FLOAT32, 9, 0, 4, 2).irfft(1, 6), 0);
    }

    @Test
    void roundTripsAndHandComputedSpectra() {
        Tensor x = onVector(b -> random(b, DType.FLOAT64, 10, 3, 24, 40, 2));
        double[] back = values(onVector(b -> x.fft(2).ifft(2)));
        assertThat(maxDifference(back, values(x))).isLessThan(1e-13);
        Tensor r = onVector(b -> random(b, DType.FLOAT64, 11, 5, 18, 33));
        assertThat(maxDifference(values(onVector(b -> r.rfft(3).irfft(3, 33))), values(r))).isLessThan(1e-13);
        // the DFT of [1, 2, 3] is [6, -1.5 + 0.866i, -1.5 - 0.866i]
        double h = Math.sqrt(3) / 2;
        Tensor spectrum = onVector(b -> on(b, new double[] {1, 0, 2, 0, 3, 0}, 3, 2).fft(1));
        assertThat(values(spectrum)).containsExactly(new double[] {6, 0, -1.5, h, -1.5, -h}, within(1e-14));
        Tensor real = onVector(b -> on(b, new float[] {1, 1, 1, 1}, 4).rfft(1));
        assertThat(real.toFloatArray()).containsExactly(4, 0, 0, 0, 0, 0);
    }

    private static double maxDifference(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
