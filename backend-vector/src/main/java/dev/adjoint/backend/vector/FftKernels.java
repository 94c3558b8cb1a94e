package dev.adjoint.backend.vector;

import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;
import java.util.Arrays;

/**
 * Discrete Fourier transforms of the vector backend, computed in double precision on split real and
 * imaginary arrays. A multi-dimensional transform applies 1-D transforms along each axis in turn; the lines of
 * an axis are independent and run in parallel. Lines of the last axis are contiguous and transformed one at a
 * time ({@link FftPlan}, SIMD butterflies); along other axes a power-of-two size transforms a block of
 * neighbouring columns together, with SIMD across the columns. Forward transforms are unscaled, inverse ones
 * divide by the transform size, as in NumPy.
 */
final class FftKernels {
    /** Complex values each parallel task should transform at least. */
    private static final int GRAIN_ELEMENTS = 1 << 13;

    private FftKernels() {
    }

    /** Complex FFT over the {@code dims} axes before the trailing (re, im) axis of {@code shape}. */
    static HeapStorage fft(HeapStorage x, Shape shape, int dims, boolean inverse) {
        int[] d = shape.dims();
        int[] complexDims = Arrays.copyOf(d, d.length - 1);
        int count = Shape.of(complexDims).size();
        double[] re = new double[count];
        double[] im = new double[count];
        split(x, re, im);
        for (int axis = complexDims.length - dims; axis < complexDims.length; axis++) {
            transformAxis(re, im, complexDims, axis, inverse);
        }
        return interleave(re, im, x.dtype());
    }

    /** Real FFT over the last {@code dims} axes of {@code shape}, keeping bins {@code 0..n/2} of the last. */
    static HeapStorage rfft(HeapStorage x, Shape shape, int dims) {
        int[] d = shape.dims();
        int rank = d.length;
        int n = d[rank - 1];
        int half = n / 2 + 1;
        int rows = n == 0 ? 0 : shape.size() / n;
        double[] re = new double[rows * half];
        double[] im = new double[rows * half];
        if (rows > 0) {
            FftPlan plan = FftPlan.of(n);
            boolean f64 = x.dtype() == DType.FLOAT64;
            Parallel.forRange(rows, Math.max(1, GRAIN_ELEMENTS / n), (from, to) -> {
                double[] lineRe = new double[n];
                double[] lineIm = new double[n];
                double[][] scratch = plan.scratch();
                for (int r = from; r < to; r++) {
                    if (f64) {
                        System.arraycopy(x.f64(), r * n, lineRe, 0, n);
                    } else {
                        float[] in = x.f32();
                        for (int k = 0; k < n; k++) {
                            lineRe[k] = in[r * n + k];
                        }
                    }
                    Arrays.fill(lineIm, 0.0);
                    plan.transform(lineRe, lineIm, 0, false, scratch);
                    System.arraycopy(lineRe, 0, re, r * half, half);
                    System.arraycopy(lineIm, 0, im, r * half, half);
                }
            });
        }
        int[] halfDims = d.clone();
        halfDims[rank - 1] = half;
        for (int axis = rank - dims; axis < rank - 1; axis++) {
            transformAxis(re, im, halfDims, axis, false);
        }
        return interleave(re, im, x.dtype());
    }

    /**
     * Inverse of {@link #rfft}: inverse complex FFTs over the leading {@code dims - 1} transformed axes, then a
     * complex-to-real inverse along the last one, whose Hermitian-symmetric spectrum of length {@code lastSize}
     * is rebuilt from bins {@code 0..lastSize/2}. Like NumPy, the imaginary parts of the DC bin and (for even
     * sizes) the Nyquist bin are ignored.
     */
    static HeapStorage irfft(HeapStorage x, Shape shape, int dims, int lastSize) {
        int[] d = shape.dims();
        int[] complexDims = Arrays.copyOf(d, d.length - 1);
        int count = Shape.of(complexDims).size();
        double[] re = new double[count];
        double[] im = new double[count];
        split(x, re, im);
        int last = complexDims.length - 1;
        for (int axis = complexDims.length - dims; axis < last; axis++) {
            transformAxis(re, im, complexDims, axis, true);
        }
        int half = complexDims[last];
        int n = lastSize;
        int rows = half == 0 ? 0 : count / half;
        HeapStorage out = HeapStorage.zeros(x.dtype(), rows * n);
        if (rows == 0) {
            return out;
        }
        FftPlan plan = FftPlan.of(n);
        Parallel.forRange(rows, Math.max(1, GRAIN_ELEMENTS / n), (from, to) -> {
            double[] lineRe = new double[n];
            double[] lineIm = new double[n];
            double[][] scratch = plan.scratch();
            for (int r = from; r < to; r++) {
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
                plan.transform(lineRe, lineIm, 0, true, scratch);
                if (out.dtype() == DType.FLOAT64) {
                    double[] o = out.f64();
                    for (int k = 0; k < n; k++) {
                        o[r * n + k] = lineRe[k] / n;
                    }
                } else {
                    float[] o = out.f32();
                    for (int k = 0; k < n; k++) {
                        o[r * n + k] = (float) (lineRe[k] / n);
                    }
                }
            }
        });
        return out;
    }

    /**
     * Transforms every line of the row-major complex array ({@code re}, {@code im}) of shape {@code dims} along
     * {@code axis}, in place; the inverse divides by the axis length.
     */
    private static void transformAxis(double[] re, double[] im, int[] dims, int axis, boolean inverse) {
        int n = dims[axis];
        if (n <= 1 || re.length == 0) {
            return;
        }
        int inner = Shape.of(Arrays.copyOfRange(dims, axis + 1, dims.length)).size();
        int outer = re.length / (n * inner);
        FftPlan plan = FftPlan.of(n);
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, GRAIN_ELEMENTS / n), (from, to) -> {
                double[][] scratch = plan.scratch();
                for (int o = from; o < to; o++) {
                    plan.transform(re, im, o * n, inverse, scratch);
                    if (inverse) {
                        scale(re, im, o * n, n, n);
                    }
                }
            });
        } else if (plan.isPowerOfTwo()) {
            int width = columnBlock(outer, inner);
            int blocks = (inner + width - 1) / width;
            Parallel.forRange(outer * blocks, Math.max(1, GRAIN_ELEMENTS / (n * width)), (from, to) -> {
                for (int u = from; u < to; u++) {
                    int o = u / blocks;
                    int c0 = (u % blocks) * width;
                    int c1 = Math.min(inner, c0 + width);
                    int base = o * n * inner;
                    plan.transformColumns(re, im, base, inner, c0, c1, inverse);
                    if (inverse) {
                        for (int k = 0; k < n; k++) {
                            scale(re, im, base + k * inner + c0, c1 - c0, n);
                        }
                    }
                }
            });
        } else {
            Parallel.forRange(outer * inner, Math.max(1, GRAIN_ELEMENTS / n), (from, to) -> {
                double[] lineRe = new double[n];
                double[] lineIm = new double[n];
                double[][] scratch = plan.scratch();
                for (int l = from; l < to; l++) {
                    int o = l / inner;
                    int base = o * n * inner + (l - o * inner);
                    for (int k = 0; k < n; k++) {
                        lineRe[k] = re[base + k * inner];
                        lineIm[k] = im[base + k * inner];
                    }
                    plan.transform(lineRe, lineIm, 0, inverse, scratch);
                    for (int k = 0; k < n; k++) {
                        re[base + k * inner] = inverse ? lineRe[k] / n : lineRe[k];
                        im[base + k * inner] = inverse ? lineIm[k] / n : lineIm[k];
                    }
                }
            });
        }
    }

    /**
     * How many neighbouring columns one task transforms together: a multiple of the SIMD width, small enough
     * to give every thread several tasks, at most 64.
     */
    private static int columnBlock(int outer, int inner) {
        int lanes = FftPlan.lanes();
        int wanted = 4 * Parallel.threads();
        int width = 64;
        while (width > lanes && (long) outer * ((inner + width - 1) / width) < wanted) {
            width >>= 1;
        }
        return Math.min(width, inner);
    }

    /** Divides {@code len} values of both arrays from {@code at} on by {@code n}. */
    private static void scale(double[] re, double[] im, int at, int len, int n) {
        for (int k = at; k < at + len; k++) {
            re[k] /= n;
            im[k] /= n;
        }
    }

    /** Splits (re, im) pairs into two double arrays. */
    private static void split(HeapStorage x, double[] re, double[] im) {
        int count = re.length;
        Parallel.forRange(count, 1 << 15, (from, to) -> {
            if (x.dtype() == DType.FLOAT64) {
                double[] v = x.f64();
                for (int i = from; i < to; i++) {
                    re[i] = v[2 * i];
                    im[i] = v[2 * i + 1];
                }
            } else {
                float[] v = x.f32();
                for (int i = from; i < to; i++) {
                    re[i] = v[2 * i];
                    im[i] = v[2 * i + 1];
                }
            }
        });
    }

    /** Interleaves two double arrays into (re, im) pairs of the given float dtype. */
    private static HeapStorage interleave(double[] re, double[] im, DType dtype) {
        int count = re.length;
        HeapStorage out = HeapStorage.zeros(dtype, 2 * count);
        Parallel.forRange(count, 1 << 15, (from, to) -> {
            if (dtype == DType.FLOAT64) {
                double[] v = out.f64();
                for (int i = from; i < to; i++) {
                    v[2 * i] = re[i];
                    v[2 * i + 1] = im[i];
                }
            } else {
                float[] v = out.f32();
                for (int i = from; i < to; i++) {
                    v[2 * i] = (float) re[i];
                    v[2 * i + 1] = (float) im[i];
                }
            }
        });
        return out;
    }
}
