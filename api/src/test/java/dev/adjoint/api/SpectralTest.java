package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Complex and real FFTs: known transforms, a naive DFT, round trips, Parseval and errors. */
class SpectralTest {
    private static Tensor t(DType dtype, double[] values, int... shape) {
        return Tensor.of(values, shape).cast(dtype);
    }

    private static double tol(DType dtype) {
        return dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
    }

    private static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s, element %d", what, i).isCloseTo(expected[i], within(tol));
        }
    }

    /** (re, im) pairs from real values. */
    private static double[] complex(double... re) {
        double[] out = new double[2 * re.length];
        for (int i = 0; i < re.length; i++) {
            out[2 * i] = re[i];
        }
        return out;
    }

    // ---- known transforms --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void smallSignalsByHand(DType dtype) {
        double tol = tol(dtype);
        // impulse -> all ones
        Tensor impulse = t(dtype, complex(1, 0, 0, 0), 4, 2).fft(1);
        assertThat(impulse.shape()).isEqualTo(Shape.of(4, 2));
        assertThat(impulse.dtype()).isEqualTo(dtype);
        assertClose(impulse.toDoubleArray(), complex(1, 1, 1, 1), tol, "impulse");
        // constant -> n at DC
        assertClose(t(dtype, complex(1, 1, 1, 1), 4, 2).fft(1).toDoubleArray(), complex(4, 0, 0, 0), tol, "constant");
        // [1, 2, 3, 4] -> [10, -2 + 2i, -2, -2 - 2i]
        assertClose(t(dtype, complex(1, 2, 3, 4), 4, 2).fft(1).toDoubleArray(),
                new double[] {10, 0, -2, 2, -2, 0, -2, -2}, tol, "ramp");
        // size 1 is the identity, size 2 is [a + b, a - b]
        assertClose(t(dtype, new double[] {5, 2}, 1, 2).fft(1).toDoubleArray(), new double[] {5, 2}, tol, "n=1");
        assertClose(t(dtype, new double[] {3, 1, 1, -2}, 2, 2).fft(1).toDoubleArray(),
                new double[] {4, -1, 2, 3}, tol, "n=2");
        // an impulse at j = 1 gives exp(-2 pi i k / n); prime n = 5
        double[] e1 = complex(0, 1, 0, 0, 0);
        double[] expected = new double[10];
        for (int k = 0; k < 5; k++) {
            expected[2 * k] = Math.cos(2 * Math.PI * k / 5);
            expected[2 * k + 1] = -Math.sin(2 * Math.PI * k / 5);
        }
        assertClose(t(dtype, e1, 5, 2).fft(1).toDoubleArray(), expected, tol, "n=5 shifted impulse");
        assertClose(t(dtype, complex(2, 2, 2, 2, 2), 5, 2).fft(1).toDoubleArray(), complex(10, 0, 0, 0, 0), tol,
                "n=5 constant");
        // n = 6 alternating signs: all energy in the Nyquist bin
        assertClose(t(dtype, complex(1, -1, 1, -1, 1, -1), 6, 2).fft(1).toDoubleArray(),
                complex(0, 0, 0, 6, 0, 0), tol, "n=6 nyquist");
        // n = 12, cos(2 pi 2 j / 12): bins 2 and 10 hold n / 2
        double[] cos = new double[12];
        for (int j = 0; j < 12; j++) {
            cos[j] = Math.cos(2 * Math.PI * 2 * j / 12);
        }
        assertClose(t(dtype, complex(cos), 12, 2).fft(1).toDoubleArray(),
                complex(0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 6, 0), tol * 10, "n=12 cosine");
        // n = 8, exp(2 pi i 3 j / 8): a single bin 3 holding 8
        double[] wave = new double[16];
        for (int j = 0; j < 8; j++) {
            wave[2 * j] = Math.cos(2 * Math.PI * 3 * j / 8);
            wave[2 * j + 1] = Math.sin(2 * Math.PI * 3 * j / 8);
        }
        assertClose(t(dtype, wave, 8, 2).fft(1).toDoubleArray(), complex(0, 0, 0, 8, 0, 0, 0, 0), tol * 10,
                "n=8 complex exponential");
        // 2-D [[1, 2], [3, 4]] -> [[10, -2], [-4, 0]]
        assertClose(t(dtype, complex(1, 2, 3, 4), 2, 2, 2).fft(2).toDoubleArray(), complex(10, -2, -4, 0), tol, "2-D");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void inverseIsScaledByOneOverN(DType dtype) {
        double tol = tol(dtype);
        assertClose(t(dtype, complex(4, 0, 0, 0), 4, 2).ifft(1).toDoubleArray(), complex(1, 1, 1, 1), tol, "ifft");
        // ifft of [10, -2 + 2i, -2, -2 - 2i] is [1, 2, 3, 4]
        assertClose(t(dtype, new double[] {10, 0, -2, 2, -2, 0, -2, -2}, 4, 2).ifft(1).toDoubleArray(),
                complex(1, 2, 3, 4), tol, "ifft ramp");
        // 2-D: 1/N over both axes
        assertClose(t(dtype, complex(10, -2, -4, 0), 2, 2, 2).ifft(2).toDoubleArray(), complex(1, 2, 3, 4), tol,
                "ifft 2-D");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void realTransformsByHand(DType dtype) {
        double tol = tol(dtype);
        Tensor r = t(dtype, new double[] {1, 2, 3, 4}, 4).rfft(1);
        assertThat(r.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(r.dtype()).isEqualTo(dtype);
        assertClose(r.toDoubleArray(), new double[] {10, 0, -2, 2, -2, 0}, tol, "rfft even");
        // odd n = 5 keeps bins 0..2
        assertThat(t(dtype, new double[] {1, 1, 1, 1, 1}, 5).rfft(1).shape()).isEqualTo(Shape.of(3, 2));
        // irfft of a single cosine bin: X1 = X3 = 1 -> x[j] = 2 cos(pi j / 2) / 4
        Tensor c = t(dtype, complex(0, 1, 0), 3, 2).irfft(1, 4);
        assertThat(c.shape()).isEqualTo(Shape.of(4));
        assertClose(c.toDoubleArray(), new double[] {0.5, 0, -0.5, 0}, tol, "irfft cosine");
        assertClose(t(dtype, complex(5, 0, 0), 3, 2).irfft(1, 5).toDoubleArray(), new double[] {1, 1, 1, 1, 1},
                tol, "irfft odd constant");
        // the imaginary parts of the DC and Nyquist bins are ignored: only 1 and 2 count
        // x[j] = (1 + 2 (-1)^j) / 4
        assertClose(t(dtype, new double[] {1, 3, 0, 0, 2, 5}, 3, 2).irfft(1, 4).toDoubleArray(),
                new double[] {0.75, -0.25, 0.75, -0.25}, tol, "irfft ignores DC/Nyquist imaginary parts");
        // ...but for odd n the last bin is not a Nyquist bin: X2 = i, X3 = -i -> x[j] = -2 sin(4 pi j / 5) / 5
        double[] sin = new double[5];
        for (int j = 0; j < 5; j++) {
            sin[j] = -2 * Math.sin(4 * Math.PI * j / 5) / 5;
        }
        assertClose(t(dtype, new double[] {0, 0, 0, 0, 0, 1}, 3, 2).irfft(1, 5).toDoubleArray(), sin, tol,
                "irfft odd last bin");
    }

    // ---- against a naive DFT ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void oneDimensionalMatchesNaiveDft(DType dtype) {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 5, 6, 7, 8, 12, 16, 17, 31, 64, 100}) {
            int batch = 3;
            double[] x = random(rnd, batch * n * 2);
            double[] expected = new double[x.length];
            double[] expectedInverse = new double[x.length];
            for (int b = 0; b < batch; b++) {
                double[] line = java.util.Arrays.copyOfRange(x, b * 2 * n, (b + 1) * 2 * n);
                System.arraycopy(naiveDft(line, false), 0, expected, b * 2 * n, 2 * n);
                System.arraycopy(naiveDft(line, true), 0, expectedInverse, b * 2 * n, 2 * n);
            }
            Tensor xt = t(dtype, x, batch, n, 2);
            double scale = dtype == DType.FLOAT32 ? 1e-5 * n : 1e-12 * n;
            assertClose(xt.fft(1).toDoubleArray(), expected, scale, "fft n=" + n);
            assertClose(xt.ifft(1).toDoubleArray(), expectedInverse, scale, "ifft n=" + n);
        }
    }

    @Test
    void multiDimensionalMatchesNaiveDft() {
        SplittableRandom rnd = new SplittableRandom(9);
        int[][] shapes = {{3, 4}, {5, 6}, {2, 3, 5}, {4, 1, 7}, {8, 3, 2}};
        for (int[] dims : shapes) {
            int size = 1;
            for (int d : dims) {
                size *= d;
            }
            double[] x = random(rnd, size * 2);
            int[] shape = java.util.Arrays.copyOf(dims, dims.length + 1);
            shape[dims.length] = 2;
            Tensor xt = Tensor.of(x, shape);
            assertClose(xt.fft(dims.length).toDoubleArray(), naiveDftNd(x, dims, false), 1e-11,
                    "fft " + java.util.Arrays.toString(dims));
            assertClose(xt.ifft(dims.length).toDoubleArray(), naiveDftNd(x, dims, true), 1e-11,
                    "ifft " + java.util.Arrays.toString(dims));
        }
        // transforming the last two axes of [2, 3, 4, 2] leaves axis 0 as a batch
        double[] x = random(rnd, 2 * 3 * 4 * 2);
        double[] expected = new double[x.length];
        for (int b = 0; b < 2; b++) {
            double[] part = java.util.Arrays.copyOfRange(x, b * 24, (b + 1) * 24);
            System.arraycopy(naiveDftNd(part, new int[] {3, 4}, false), 0, expected, b * 24, 24);
        }
        assertClose(Tensor.of(x, 2, 3, 4, 2).fft(2).toDoubleArray(), expected, 1e-11, "batched 2-D fft");
    }

    /** {@code X[k] = sum_j x[j] exp(-+2 pi i jk / n)}, divided by n for the inverse; x as (re, im) pairs. */
    private static double[] naiveDft(double[] x, boolean inverse) {
        int n = x.length / 2;
        double[] out = new double[x.length];
        double sign = inverse ? 1 : -1;
        for (int k = 0; k < n; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double a = sign * 2 * Math.PI * ((long) j * k % n) / n;
                re += x[2 * j] * Math.cos(a) - x[2 * j + 1] * Math.sin(a);
                im += x[2 * j] * Math.sin(a) + x[2 * j + 1] * Math.cos(a);
            }
            out[2 * k] = inverse ? re / n : re;
            out[2 * k + 1] = inverse ? im / n : im;
        }
        return out;
    }

    /** The N-D DFT as one direct sum over every input index for every output index. */
    private static double[] naiveDftNd(double[] x, int[] dims, boolean inverse) {
        int size = x.length / 2;
        double[] out = new double[x.length];
        double sign = inverse ? 1 : -1;
        for (int k = 0; k < size; k++) {
            int[] ki = unravel(k, dims);
            double re = 0;
            double im = 0;
            for (int j = 0; j < size; j++) {
                int[] ji = unravel(j, dims);
                double phase = 0;
                for (int d = 0; d < dims.length; d++) {
                    phase += (double) (ji[d] * ki[d] % dims[d]) / dims[d];
                }
                double a = sign * 2 * Math.PI * phase;
                re += x[2 * j] * Math.cos(a) - x[2 * j + 1] * Math.sin(a);
                im += x[2 * j] * Math.sin(a) + x[2 * j + 1] * Math.cos(a);
            }
            out[2 * k] = inverse ? re / size : re;
            out[2 * k + 1] = inverse ? im / size : im;
        }
        return out;
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }

    // ---- round trips and identities --------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void roundTrips(DType dtype) {
        SplittableRandom rnd = new SplittableRandom(21);
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        int[][] complexShapes = {{7, 2}, {2, 12, 2}, {3, 5, 2}, {2, 4, 6, 2}, {3, 3, 5, 2}, {2, 2, 3, 4, 2}};
        int[] complexDims = {1, 1, 2, 2, 3, 3};
        for (int i = 0; i < complexShapes.length; i++) {
            double[] x = random(rnd, size(complexShapes[i]));
            Tensor xt = t(dtype, x, complexShapes[i]);
            assertClose(xt.fft(complexDims[i]).ifft(complexDims[i]).toDoubleArray(), x, tol,
                    "fft/ifft " + java.util.Arrays.toString(complexShapes[i]));
        }
        int[][] realShapes = {{8}, {9}, {1}, {2, 7}, {3, 6}, {4, 5}, {2, 3, 4}, {3, 4, 5}, {2, 2, 3, 6}};
        int[] realDims = {1, 1, 1, 1, 2, 2, 3, 3, 3};
        for (int i = 0; i < realShapes.length; i++) {
            double[] x = random(rnd, size(realShapes[i]));
            Tensor xt = t(dtype, x, realShapes[i]);
            int last = realShapes[i][realShapes[i].length - 1];
            Tensor back = xt.rfft(realDims[i]).irfft(realDims[i], last);
            assertThat(back.shape()).isEqualTo(xt.shape());
            assertClose(back.toDoubleArray(), x, tol, "rfft/irfft " + java.util.Arrays.toString(realShapes[i]));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void rfftIsTheFirstHalfOfTheFullFft(DType dtype) {
        SplittableRandom rnd = new SplittableRandom(33);
        int[][] shapes = {{6}, {7}, {3, 4}, {5, 5}, {2, 3, 6}, {3, 2, 5}};
        int[] dims = {1, 1, 2, 2, 3, 3};
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i];
            double[] x = random(rnd, size(s));
            int n = s[s.length - 1];
            int half = n / 2 + 1;
            double[] full = t(dtype, complex(x), withTwo(s)).fft(dims[i]).toDoubleArray();
            Tensor r = t(dtype, x, s).rfft(dims[i]);
            int[] expectedShape = withTwo(s);
            expectedShape[s.length - 1] = half;
            assertThat(r.shape()).isEqualTo(Shape.of(expectedShape));
            double[] actual = r.toDoubleArray();
            int rows = x.length / n;
            for (int row = 0; row < rows; row++) {
                for (int k = 0; k < half; k++) {
                    for (int c = 0; c < 2; c++) {
                        assertThat(actual[(row * half + k) * 2 + c]).as("shape %s row %d bin %d",
                                java.util.Arrays.toString(s), row, k)
                                .isCloseTo(full[(row * n + k) * 2 + c], within(tol(dtype) * 10));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void parseval(DType dtype) {
        SplittableRandom rnd = new SplittableRandom(44);
        for (int[] s : new int[][] {{13, 2}, {16, 2}, {3, 10, 2}, {2, 3, 4, 2}}) {
            double[] x = random(rnd, size(s));
            int dims = s.length - 1;
            double[] spectrum = t(dtype, x, s).fft(dims).toDoubleArray();
            int n = x.length / 2;
            double energy = 0;
            double spectral = 0;
            for (int i = 0; i < x.length; i++) {
                energy += x[i] * x[i];
                spectral += spectrum[i] * spectrum[i];
            }
            assertThat(spectral / n).as(java.util.Arrays.toString(s))
                    .isCloseTo(energy, within(energy * (dtype == DType.FLOAT32 ? 1e-5 : 1e-12)));
        }
    }

    @Test
    void emptyBatchesGiveEmptyResults() {
        assertThat(Tensor.of(new double[0], 0, 4, 2).fft(1).shape()).isEqualTo(Shape.of(0, 4, 2));
        assertThat(Tensor.of(new double[0], 0, 6).rfft(1).shape()).isEqualTo(Shape.of(0, 4, 2));
        assertThat(Tensor.of(new double[0], 0, 4, 2).irfft(1, 6).shape()).isEqualTo(Shape.of(0, 6));
    }

    // ---- errors ----------------------------------------------------------------------------------------

    @Test
    void rejectsBadShapesDimsAndDtypes() {
        assertThatThrownBy(() -> Tensor.of(new double[12], 4, 3).fft(1))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("fft")
                .hasMessageContaining("(4, 3)").hasMessageContaining("last dimension 2");
        assertThatThrownBy(() -> Tensor.of(new double[8], 4, 2).ifft(2))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("ifft")
                .hasMessageContaining("(4, 2)").hasMessageContaining("rank >= 3");
        assertThatThrownBy(() -> Tensor.of(new double[8], 4, 2).fft(0))
                .isInstanceOf(OpException.class).hasMessageContaining("dims 0");
        assertThatThrownBy(() -> Tensor.of(new double[32], 2, 2, 2, 2, 2).fft(4))
                .isInstanceOf(OpException.class).hasMessageContaining("dims 4");
        assertThatThrownBy(() -> Tensor.of(new int[8], 4, 2).fft(1))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("int32");
        assertThatThrownBy(() -> Tensor.of(new int[8], 8).rfft(1))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("rfft");
        assertThatThrownBy(() -> Tensor.of(new double[4], 4).rfft(2))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("rfft")
                .hasMessageContaining("(4,)");
        assertThatThrownBy(() -> Tensor.of(new double[0], 3, 0).rfft(1))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(3, 0)")
                .hasMessageContaining("size 0");
    }

    @Test
    void irfftChecksTheBinCount() {
        Tensor x = Tensor.of(new double[6], 3, 2);
        assertThatThrownBy(() -> x.irfft(1, 6)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("irfft").hasMessageContaining("(3, 2)").hasMessageContaining("lastSize 6")
                .hasMessageContaining("needs 4");
        assertThatThrownBy(() -> x.irfft(1, 0)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("lastSize 0");
        assertThatThrownBy(() -> Tensor.of(new double[9], 3, 3).irfft(1, 4))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(3, 3)");
        assertThatThrownBy(() -> Tensor.of(new int[6], 3, 2).irfft(1, 4))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("irfft");
        // lastSize 4 and 5 both need 3 bins
        assertThat(x.irfft(1, 4).shape()).isEqualTo(Shape.of(4));
        assertThat(x.irfft(1, 5).shape()).isEqualTo(Shape.of(5));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static double[] random(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble(-1, 1);
        }
        return v;
    }

    private static int size(int[] shape) {
        int p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    private static int[] withTwo(int[] shape) {
        int[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = 2;
        return out;
    }
}
