package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import java.util.Arrays;

/**
 * Validation and dispatch of the 1-3D discrete Fourier transforms: complex {@code fft} / {@code ifft} on
 * (re, im) pairs in a trailing axis of size 2, and the real pair {@code rfft} / {@code irfft}. Scaling
 * follows NumPy's default: forward transforms are unscaled, inverse ones divide by the transform size.
 * Each transform records its adjoint, written with the other transforms, for reverse-mode autodiff.
 */
final class Spectral {
    private Spectral() {
    }

    /** Complex FFT (or its inverse) over the {@code dims} axes before the last of {@code x [..., n..., 2]}. */
    static Tensor fft(Tensor x, int dims, boolean inverse) {
        String op = inverse ? "ifft" : "fft";
        checkDims(op, dims, x);
        checkFloating(op, x);
        Shape s = x.shape();
        checkComplex(op, s, dims);
        checkTransformSizes(op, s, s.rank() - 1 - dims, s.rank() - 1);
        Backend b = x.backend();
        Tensor out = new Tensor(b, b.fft(x.storage(), s, dims, inverse), s);
        // With the transform size N: fft^H = N * ifft and ifft^H = fft / N.
        double n = transformSize(s, s.rank() - 1 - dims, s.rank() - 1);
        return Autodiff.record(op, out, new Tensor[] {x}, (g, needed) -> new Tensor[] {
            inverse ? fft(g, dims, false).div(n) : fft(g, dims, true).mul(n)});
    }

    /** Real FFT over the last {@code dims} axes: {@code [..., n_1..n_d]} to {@code [..., n_1..n_d/2+1, 2]}. */
    static Tensor rfft(Tensor x, int dims) {
        String op = "rfft";
        checkDims(op, dims, x);
        checkFloating(op, x);
        Shape s = x.shape();
        if (s.rank() < dims) {
            throw new OpException.ShapeException(op, "input of shape " + s + " has rank " + s.rank()
                    + "; expected at least " + dims + " axes to transform");
        }
        checkTransformSizes(op, s, s.rank() - dims, s.rank());
        int[] out = Arrays.copyOf(s.dims(), s.rank() + 1);
        out[s.rank() - 1] = s.dim(-1) / 2 + 1;
        out[s.rank()] = 2;
        Backend b = x.backend();
        Tensor result = new Tensor(b, b.rfft(x.storage(), s, dims), Shape.of(out));
        // rfft = P F on real input, P keeping bins 0..n/2 of the last axis. Its adjoint Re(F^H P^T g) sums
        // Re(g_k e^{+i theta k t}) over the kept bins only, which is N * irfft(g / c_k): irfft counts the
        // interior bins twice (c_k = 2, and 1 for DC and an even size's Nyquist bin).
        int n = s.dim(-1);
        double total = transformSize(s, s.rank() - dims, s.rank());
        return Autodiff.record(op, result, new Tensor[] {x}, (g, needed) -> new Tensor[] {
            irfft(g.mul(rfftWeights(g, n, total)), dims, n)});
    }

    /**
     * Inverse of {@link #rfft}: {@code [..., n_1..n_d/2+1, 2]} to real {@code [..., n_1..n_d]} with
     * {@code n_d = lastSize}.
     */
    static Tensor irfft(Tensor x, int dims, int lastSize) {
        String op = "irfft";
        checkDims(op, dims, x);
        checkFloating(op, x);
        Shape s = x.shape();
        checkComplex(op, s, dims);
        if (lastSize < 1) {
            throw new OpException.ShapeException(op, "lastSize " + lastSize + " for input of shape " + s
                    + "; expected the real length of the last transformed axis, >= 1");
        }
        if (s.dim(-2) != lastSize / 2 + 1) {
            throw new OpException.ShapeException(op, "input of shape " + s + " has " + s.dim(-2)
                    + " frequency bins on its last transformed axis but lastSize " + lastSize + " needs "
                    + (lastSize / 2 + 1) + "; expected dim -2 == lastSize / 2 + 1");
        }
        checkTransformSizes(op, s, s.rank() - 1 - dims, s.rank() - 1);
        int[] out = Arrays.copyOf(s.dims(), s.rank() - 1);
        out[out.length - 1] = lastSize;
        Backend b = x.backend();
        Tensor result = new Tensor(b, b.irfft(x.storage(), s, dims, lastSize), Shape.of(out));
        // irfft = C2R(ifft over the leading axes), C2R summing c_k Re(X_k e^{+i theta k t}) / n along the
        // last axis; the adjoint is rfft(g) * c_k / N. The imaginary parts irfft ignores (self-conjugate bins) get exactly zero.
        double total = transformSize(Shape.of(out), out.length - dims, out.length);
        return Autodiff.record(op, result, new Tensor[] {x}, (g, needed) -> new Tensor[] {
            rfft(g, dims).mul(irfftWeights(x, dims, lastSize, total))});
    }

    /** The product of the sizes of axes {@code from} to {@code to - 1}. */
    private static double transformSize(Shape s, int from, int to) {
        double n = 1;
        for (int a = from; a < to; a++) {
            n *= s.dim(a);
        }
        return n;
    }

    /**
     * {@code N / c_k} per bin of the half spectrum {@code [..., m, 2]} of a real axis of length {@code n},
     * where {@code c_k} is 2 for interior bins and 1 for DC and an even size's Nyquist bin; shape
     * {@code [m, 1]}, in {@code like}'s dtype and backend.
     */
    private static Tensor rfftWeights(Tensor like, int n, double total) {
        int m = n / 2 + 1;
        double[] w = new double[m];
        for (int k = 0; k < m; k++) {
            w[k] = total / binMultiplicity(k, n);
        }
        return Tensor.of(w, m, 1).to(like.backend()).cast(like.dtype());
    }

    /**
     * {@code c_k / N} per entry of the half spectrum {@code x [..., n_1..n_(d-1), m, 2]}, shape
     * {@code [n_1..n_(d-1), m, 2]}, except 0 on the imaginary parts of self-conjugate bins (DC or Nyquist
     * along every transformed axis), which irfft ignores.
     */
    private static Tensor irfftWeights(Tensor x, int dims, int n, double total) {
        Shape s = x.shape();
        int[] dimsOut = Arrays.copyOfRange(s.dims(), s.rank() - 1 - dims, s.rank());
        int m = n / 2 + 1;
        int lead = Shape.of(dimsOut).size() / (2 * m);
        double[] w = new double[lead * m * 2];
        for (int j = 0; j < lead; j++) {
            boolean selfConjugate = true;
            int rest = j;
            for (int a = dims - 2; a >= 0; a--) {
                int size = dimsOut[a];
                int index = rest % size;
                rest /= size;
                selfConjugate &= index == 0 || 2 * index == size;
            }
            for (int k = 0; k < m; k++) {
                double weight = binMultiplicity(k, n) / total;
                boolean realBin = selfConjugate && (k == 0 || 2 * k == n);
                w[2 * (j * m + k)] = weight;
                w[2 * (j * m + k) + 1] = realBin ? 0 : weight;
            }
        }
        return Tensor.of(w, dimsOut).to(x.backend()).cast(x.dtype());
    }

    /** How many times irfft counts bin {@code k} of a real axis of length {@code n}: its conjugate too or not. */
    private static int binMultiplicity(int k, int n) {
        return k == 0 || 2 * k == n ? 1 : 2;
    }

    private static void checkDims(String op, int dims, Tensor x) {
        if (dims < 1 || dims > 3) {
            throw new OpException(op, "dims " + dims + " for input of shape " + x.shape()
                    + "; expected 1, 2 or 3 transformed axes");
        }
    }

    private static void checkFloating(String op, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new OpException.DTypeException(op, "not defined for " + x.dtype().label() + " (shape "
                    + x.shape() + "); expected float32 or float64, cast first");
        }
    }

    /** A complex tensor holds (re, im) pairs in a last axis of size 2 after the transformed axes. */
    private static void checkComplex(String op, Shape s, int dims) {
        if (s.rank() < dims + 1 || s.dim(-1) != 2) {
            throw new OpException.ShapeException(op, "input of shape " + s + " is not a complex tensor with "
                    + dims + " transformed axes; expected shape [..., n_1.." + "n_" + dims
                    + ", 2] (rank >= " + (dims + 1) + ", last dimension 2 holding re and im)");
        }
    }

    /** Every transformed axis (axes {@code from} to {@code to - 1}) needs at least one point. */
    private static void checkTransformSizes(String op, Shape s, int from, int to) {
        for (int a = from; a < to; a++) {
            if (s.dim(a) < 1) {
                throw new OpException.ShapeException(op, "input of shape " + s + " has size 0 on transformed axis "
                        + a + "; expected at least one point on every transformed axis");
            }
        }
    }
}
