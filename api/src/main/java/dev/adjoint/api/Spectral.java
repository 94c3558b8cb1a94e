package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import java.util.Arrays;

/**
 * Validation and dispatch of the 1-3D discrete Fourier transforms: complex {@code fft} / {@code ifft} on
 * (re, im) pairs in a trailing axis of size 2, and the real pair {@code rfft} / {@code irfft}. Scaling
 * follows NumPy's default: forward transforms are unscaled, inverse ones divide by the transform size.
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
        return new Tensor(b, b.fft(x.storage(), s, dims, inverse), s);
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
        return new Tensor(b, b.rfft(x.storage(), s, dims), Shape.of(out));
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
        return new Tensor(b, b.irfft(x.storage(), s, dims, lastSize), Shape.of(out));
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
