package dev.adjoint.backend.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The precomputed tables of a 1-D complex DFT of one length: for a power of two, the bit-reversal permutation
 * and per-stage twiddle factors of an iterative radix-2 FFT with SIMD butterflies; for any other length,
 * Bluestein's chirp-z algorithm (the DFT as a circular convolution with a chirp, evaluated with power-of-two
 * FFTs of length at least {@code 2n - 1}). Immutable, so one plan serves every thread; the Bluestein scratch
 * comes from {@link #scratch()}, one per thread. Transforms are unscaled in both directions.
 */
final class FftPlan {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private final int n;
    /** Bit-reversal permutation (powers of two only). */
    private final int[] reverse;
    /**
     * Twiddles by stage: entry {@code h + k}, {@code k < h}, holds {@code exp(-2 pi i k / 2h)} for the stage
     * that combines halves of length {@code h}; {@code inverseIm} holds the conjugates' imaginary parts.
     */
    private final double[] twRe;
    private final double[] twIm;
    private final double[] inverseIm;
    /** Bluestein: the power-of-two plan of the convolution, the chirp and the transformed conjugate chirp. */
    private final FftPlan conv;
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernelRe;
    private final double[] kernelIm;

    private FftPlan(int n) {
        this.n = n;
        if (Integer.bitCount(n) == 1) {
            int bits = Integer.numberOfTrailingZeros(n);
            reverse = new int[n];
            for (int i = 0; i < n; i++) {
                reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
            }
            twRe = new double[Math.max(1, n)];
            twIm = new double[Math.max(1, n)];
            inverseIm = new double[Math.max(1, n)];
            int quarter = n / 2;
            double[] cos = new double[quarter];
            double[] sin = new double[quarter];
            for (int j = 0; j < quarter; j++) {
                double angle = 2 * Math.PI * j / n;
                cos[j] = Math.cos(angle);
                sin[j] = Math.sin(angle);
            }
            for (int h = 1; h < n; h <<= 1) {
                int step = n / (2 * h);
                for (int k = 0; k < h; k++) {
                    twRe[h + k] = cos[k * step];
                    twIm[h + k] = -sin[k * step];
                    inverseIm[h + k] = sin[k * step];
                }
            }
            conv = null;
            chirpRe = null;
            chirpIm = null;
            kernelRe = null;
            kernelIm = null;
        } else {
            reverse = null;
            twRe = null;
            twIm = null;
            inverseIm = null;
            int m = Integer.highestOneBit(2 * n - 1);
            if (m < 2 * n - 1) {
                m <<= 1;
            }
            conv = new FftPlan(m);
            chirpRe = new double[n];
            chirpIm = new double[n];
            for (int j = 0; j < n; j++) {
                // j^2 reduced mod 2n keeps the angle small and exact
                long sq = (long) j * j % (2L * n);
                double angle = -Math.PI * sq / n;
                chirpRe[j] = Math.cos(angle);
                chirpIm[j] = Math.sin(angle);
            }
            kernelRe = new double[m];
            kernelIm = new double[m];
            kernelRe[0] = chirpRe[0];
            kernelIm[0] = -chirpIm[0];
            for (int j = 1; j < n; j++) {
                kernelRe[j] = chirpRe[j];
                kernelIm[j] = -chirpIm[j];
                kernelRe[m - j] = chirpRe[j];
                kernelIm[m - j] = -chirpIm[j];
            }
            conv.transform(kernelRe, kernelIm, 0, false, null);
        }
    }

    /** The plan for length {@code n >= 1}. */
    static FftPlan of(int n) {
        return new FftPlan(n);
    }

    /** The number of doubles in one SIMD vector. */
    static int lanes() {
        return D.length();
    }

    boolean isPowerOfTwo() {
        return reverse != null;
    }

    /** Per-thread work arrays for {@link #transform}; null when the plan needs none. */
    double[][] scratch() {
        if (conv == null) {
            return null;
        }
        return new double[][] {new double[conv.n], new double[conv.n]};
    }

    /**
     * The DFT of the {@code n} contiguous values from {@code at} on, in place: {@code X[k] = sum_j x[j]
     * exp(-+2 pi i jk / n)}, minus for forward, plus for inverse (unscaled).
     */
    void transform(double[] re, double[] im, int at, boolean inverse, double[][] scratch) {
        if (n <= 1) {
            return;
        }
        if (reverse == null) {
            bluestein(re, im, at, inverse, scratch);
            return;
        }
        double[] wIm = inverse ? inverseIm : twIm;
        for (int i = 0; i < n; i++) {
            int j = reverse[i];
            if (j > i) {
                double t = re[at + i];
                re[at + i] = re[at + j];
                re[at + j] = t;
                t = im[at + i];
                im[at + i] = im[at + j];
                im[at + j] = t;
            }
        }
        for (int a = at; a < at + n; a += 2) {
            double ar = re[a];
            double ai = im[a];
            double br = re[a + 1];
            double bi = im[a + 1];
            re[a + 1] = ar - br;
            im[a + 1] = ai - bi;
            re[a] = ar + br;
            im[a] = ai + bi;
        }
        int lanes = D.length();
        for (int h = 2; h < n; h <<= 1) {
            for (int start = at; start < at + n; start += 2 * h) {
                if (h >= lanes) {
                    for (int k = 0; k < h; k += lanes) {
                        int a = start + k;
                        int b = a + h;
                        DoubleVector wr = DoubleVector.fromArray(D, twRe, h + k);
                        DoubleVector wi = DoubleVector.fromArray(D, wIm, h + k);
                        DoubleVector br = DoubleVector.fromArray(D, re, b);
                        DoubleVector bi = DoubleVector.fromArray(D, im, b);
                        DoubleVector tr = br.mul(wr).sub(bi.mul(wi));
                        DoubleVector ti = br.mul(wi).add(bi.mul(wr));
                        DoubleVector ar = DoubleVector.fromArray(D, re, a);
                        DoubleVector ai = DoubleVector.fromArray(D, im, a);
                        ar.sub(tr).intoArray(re, b);
                        ai.sub(ti).intoArray(im, b);
                        ar.add(tr).intoArray(re, a);
                        ai.add(ti).intoArray(im, a);
                    }
                } else {
                    for (int k = 0; k < h; k++) {
                        int a = start + k;
                        int b = a + h;
                        double wr = twRe[h + k];
                        double wi = wIm[h + k];
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
    }

    /**
     * The DFT along the rows of a block: element {@code k} of column {@code c} sits at
     * {@code base + k * stride + c}; columns {@code c0..c1-1} are transformed together, SIMD across columns.
     * Powers of two only.
     */
    void transformColumns(double[] re, double[] im, int base, int stride, int c0, int c1, boolean inverse) {
        if (n <= 1) {
            return;
        }
        double[] wIm = inverse ? inverseIm : twIm;
        int width = c1 - c0;
        int bound = D.loopBound(width);
        for (int i = 0; i < n; i++) {
            int j = reverse[i];
            if (j > i) {
                swap(re, base + i * stride + c0, base + j * stride + c0, width, bound);
                swap(im, base + i * stride + c0, base + j * stride + c0, width, bound);
            }
        }
        for (int h = 1; h < n; h <<= 1) {
            for (int k = 0; k < h; k++) {
                double wr = twRe[h + k];
                double wi = wIm[h + k];
                for (int start = 0; start < n; start += 2 * h) {
                    int a = base + (start + k) * stride + c0;
                    int b = a + h * stride;
                    int c = 0;
                    for (; c < bound; c += D.length()) {
                        DoubleVector br = DoubleVector.fromArray(D, re, b + c);
                        DoubleVector bi = DoubleVector.fromArray(D, im, b + c);
                        DoubleVector tr = br.mul(wr).sub(bi.mul(wi));
                        DoubleVector ti = br.mul(wi).add(bi.mul(wr));
                        DoubleVector ar = DoubleVector.fromArray(D, re, a + c);
                        DoubleVector ai = DoubleVector.fromArray(D, im, a + c);
                        ar.sub(tr).intoArray(re, b + c);
                        ai.sub(ti).intoArray(im, b + c);
                        ar.add(tr).intoArray(re, a + c);
                        ai.add(ti).intoArray(im, a + c);
                    }
                    for (; c < width; c++) {
                        double tr = re[b + c] * wr - im[b + c] * wi;
                        double ti = re[b + c] * wi + im[b + c] * wr;
                        re[b + c] = re[a + c] - tr;
                        im[b + c] = im[a + c] - ti;
                        re[a + c] += tr;
                        im[a + c] += ti;
                    }
                }
            }
        }
    }

    private static void swap(double[] v, int x, int y, int width, int bound) {
        int c = 0;
        for (; c < bound; c += D.length()) {
            DoubleVector a = DoubleVector.fromArray(D, v, x + c);
            DoubleVector.fromArray(D, v, y + c).intoArray(v, x + c);
            a.intoArray(v, y + c);
        }
        for (; c < width; c++) {
            double t = v[x + c];
            v[x + c] = v[y + c];
            v[y + c] = t;
        }
    }

    /** Bluestein's identity {@code jk = (j^2 + k^2 - (k - j)^2) / 2}: a chirp, a convolution, a chirp. */
    private void bluestein(double[] re, double[] im, int at, boolean inverse, double[][] scratch) {
        int m = conv.n;
        double[] ar = scratch[0];
        double[] ai = scratch[1];
        // inverse(x) = conj(forward(conj(x)))
        double sign = inverse ? -1.0 : 1.0;
        for (int j = 0; j < n; j++) {
            double xr = re[at + j];
            double xi = sign * im[at + j];
            ar[j] = xr * chirpRe[j] - xi * chirpIm[j];
            ai[j] = xr * chirpIm[j] + xi * chirpRe[j];
        }
        java.util.Arrays.fill(ar, n, m, 0.0);
        java.util.Arrays.fill(ai, n, m, 0.0);
        conv.transform(ar, ai, 0, false, null);
        for (int k = 0; k < m; k++) {
            double r = ar[k] * kernelRe[k] - ai[k] * kernelIm[k];
            double i = ar[k] * kernelIm[k] + ai[k] * kernelRe[k];
            // conjugated, so that the forward transform below computes the inverse
            ar[k] = r;
            ai[k] = -i;
        }
        conv.transform(ar, ai, 0, false, null);
        for (int k = 0; k < n; k++) {
            double cr = ar[k] / m;
            double ci = -ai[k] / m;
            re[at + k] = cr * chirpRe[k] - ci * chirpIm[k];
            im[at + k] = sign * (cr * chirpIm[k] + ci * chirpRe[k]);
        }
    }
}
