package dev.adjoint.api.reference;

import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;

/**
 * The reference discrete Fourier transforms in double precision: an iterative radix-2 FFT for powers of two
 * and Bluestein's chirp-z algorithm (built on power-of-two FFTs) for every other length. Multi-dimensional
 * transforms apply the 1-D transform along each axis in turn. Complex values are (re, im) pairs in a
 * trailing axis of size 2. Forward transforms are unscaled, inverse ones divide by the transform size.
 */
final class FftKernels {
    private FftKernels() {
    }

    /** Complex FFT over the {@code dims} axes before the trailing (re, im) axis of {@code shape}. */
    static HeapStorage fft(HeapStorage x, Shape shape, int dims, boolean inverse) {
        int[] d = shape.dims();
        int[] complexDims = java.util.Arrays.copyOf(d, d.length - 1);
        int count = Shape.of(complexDims).size();
        double[] v = Doubles.of(x, "fft");
        double[] re = new double[count];
        double[] im = new double[count];
        for (int i = 0; i < count; i++) {
            re[i] = v[2 * i];
            im[i] = v[2 * i + 1];
        }
        for (int axis = complexDims.length - dims; axis < complexDims.length; axis++) {
            transformAxis(re, im, complexDims, axis, inverse);
        }
        return Doubles.store(x.dtype(), interleave(re, im), "fft");
    }

    /** Real FFT over the last {@code dims} axes of {@code shape}, keeping bins {@code 0..n/2} of the last. */
    static HeapStorage rfft(HeapStorage x, Shape shape, int dims) {
        int[] d = shape.dims();
        int count = shape.size();
        double[] re = Doubles.of(x, "fft").clone();
        double[] im = new double[count];
        for (int axis = d.length - dims; axis < d.length; axis++) {
            transformAxis(re, im, d, axis, false);
        }
        int n = d[d.length - 1];
        int half = n / 2 + 1;
        int rows = n == 0 ? 0 : count / n;
        double[] out = new double[rows * half * 2];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < half; k++) {
                out[2 * (r * half + k)] = re[r * n + k];
                out[2 * (r * half + k) + 1] = im[r * n + k];
            }
        }
        return Doubles.store(x.dtype(), out, "fft");
    }

    /**
     * Inverse of {@link #rfft}: inverse complex FFTs over the leading {@code dims - 1} transformed axes, then
     * a complex-to-real inverse along the last one, whose Hermitian-symmetric spectrum of length
     * {@code lastSize} is rebuilt from bins {@code 0..lastSize/2}. Like NumPy, the imaginary parts of the DC
     * bin and (for even sizes) the Nyquist bin are ignored.
     */
    static HeapStorage irfft(HeapStorage x, Shape shape, int dims, int lastSize) {
        int[] d = shape.dims();
        int[] complexDims = java.util.Arrays.copyOf(d, d.length - 1);
        int count = Shape.of(complexDims).size();
        double[] v = Doubles.of(x, "fft");
        double[] re = new double[count];
        double[] im = new double[count];
        for (int i = 0; i < count; i++) {
            re[i] = v[2 * i];
            im[i] = v[2 * i + 1];
        }
        int last = complexDims.length - 1;
        for (int axis = complexDims.length - dims; axis < last; axis++) {
            transformAxis(re, im, complexDims, axis, true);
        }
        int half = complexDims[last];
        int n = lastSize;
        int rows = half == 0 ? 0 : count / half;
        double[] out = new double[rows * n];
        double[] lineRe = new double[n];
        double[] lineIm = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < n; k++) {
                if (k < half) {
                    lineRe[k] = re[r * half + k];
                    lineIm[k] = im[r * half + k];
                } else {
                    lineRe[k] = re[r * half + n - k];
                    lineIm[k] = -im[r * half + n - k];
                }
            }
            lineIm[0] = 0;
            if (n % 2 == 0) {
                lineIm[n / 2] = 0;
            }
            transform(lineRe, lineIm, true);
            for (int k = 0; k < n; k++) {
                out[r * n + k] = lineRe[k] / n;
            }
        }
        return Doubles.store(x.dtype(), out, "fft");
    }

    /**
     * Transforms every line of the row-major complex array ({@code re}, {@code im}) of shape {@code dims}
     * along {@code axis}, in place; the inverse divides by the axis length.
     */
    private static void transformAxis(double[] re, double[] im, int[] dims, int axis, boolean inverse) {
        int n = dims[axis];
        if (n == 0) {
            return;
        }
        int inner = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            inner *= dims[a];
        }
        int outer = re.length / (n * inner);
        double[] lineRe = new double[n];
        double[] lineIm = new double[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                for (int k = 0; k < n; k++) {
                    lineRe[k] = re[base + k * inner];
                    lineIm[k] = im[base + k * inner];
                }
                transform(lineRe, lineIm, inverse);
                for (int k = 0; k < n; k++) {
                    re[base + k * inner] = inverse ? lineRe[k] / n : lineRe[k];
                    im[base + k * inner] = inverse ? lineIm[k] / n : lineIm[k];
                }
            }
        }
    }

    /**
     * The unscaled 1-D DFT in place: {@code X[k] = sum_j x[j] exp(-+2 pi i jk / n)}, with the minus sign for
     * the forward transform and the plus sign for the inverse.
     */
    private static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n <= 1) {
            return;
        }
        if (inverse) {
            // inverse(x) = conj(forward(conj(x)))
            negate(im);
            transform(re, im, false);
            negate(im);
            return;
        }
        if (Integer.bitCount(n) == 1) {
            radix2(re, im);
        } else {
            bluestein(re, im);
        }
    }

    /** Forward iterative radix-2 FFT in place; the length must be a power of two. */
    private static void radix2(double[] re, double[] im) {
        int n = re.length;
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            int j = Integer.reverse(i) >>> (32 - bits);
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int halfLen = len >> 1;
            for (int k = 0; k < halfLen; k++) {
                double angle = -2 * Math.PI * k / len;
                double wr = Math.cos(angle);
                double wi = Math.sin(angle);
                for (int start = 0; start < n; start += len) {
                    int a = start + k;
                    int b = a + halfLen;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    /**
     * Forward DFT of any length by Bluestein's identity {@code jk = (j^2 + k^2 - (k - j)^2) / 2}: the DFT
     * becomes a circular convolution with a chirp, evaluated with power-of-two FFTs of length >= 2n - 1.
     */
    private static void bluestein(double[] re, double[] im) {
        int n = re.length;
        int m = Integer.highestOneBit(2 * n - 1);
        if (m < 2 * n - 1) {
            m <<= 1;
        }
        // chirp w[j] = exp(-pi i j^2 / n); j^2 is reduced mod 2n to keep the angle small and exact.
        double[] wr = new double[n];
        double[] wi = new double[n];
        for (int j = 0; j < n; j++) {
            long sq = (long) j * j % (2L * n);
            double angle = -Math.PI * sq / n;
            wr[j] = Math.cos(angle);
            wi[j] = Math.sin(angle);
        }
        double[] ar = new double[m];
        double[] ai = new double[m];
        for (int j = 0; j < n; j++) {
            ar[j] = re[j] * wr[j] - im[j] * wi[j];
            ai[j] = re[j] * wi[j] + im[j] * wr[j];
        }
        // b[j] = conj(w[j]) for j in (-n, n), stored circularly.
        double[] br = new double[m];
        double[] bi = new double[m];
        br[0] = wr[0];
        bi[0] = -wi[0];
        for (int j = 1; j < n; j++) {
            br[j] = wr[j];
            bi[j] = -wi[j];
            br[m - j] = wr[j];
            bi[m - j] = -wi[j];
        }
        radix2(ar, ai);
        radix2(br, bi);
        for (int k = 0; k < m; k++) {
            double r = ar[k] * br[k] - ai[k] * bi[k];
            double i = ar[k] * bi[k] + ai[k] * br[k];
            // conjugate now so that the forward FFT below computes the inverse
            ar[k] = r;
            ai[k] = -i;
        }
        radix2(ar, ai);
        for (int k = 0; k < n; k++) {
            double cr = ar[k] / m;
            double ci = -ai[k] / m;
            re[k] = cr * wr[k] - ci * wi[k];
            im[k] = cr * wi[k] + ci * wr[k];
        }
    }

    private static void negate(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
    }

    private static double[] interleave(double[] re, double[] im) {
        double[] out = new double[2 * re.length];
        for (int i = 0; i < re.length; i++) {
            out[2 * i] = re[i];
            out[2 * i + 1] = im[i];
        }
        return out;
    }
}
