package dev.adjoint.physics.systems;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * Batched complex tridiagonal solves {@code A x = b} by the Thomas algorithm, differentiable with respect to the
 * three diagonals and the right-hand side.
 *
 * <p>Every operand is a complex tensor {@code [..., n, 2]} (re, im in the last axis) of one shape and one float
 * dtype; the leading axes are a batch of independent systems. Row {@code i} of {@code A} holds
 * {@code lower[i] = A[i][i-1]}, {@code diag[i] = A[i][i]} and {@code upper[i] = A[i][i+1]}; {@code lower[0]} and
 * {@code upper[n-1]} lie outside the matrix, are ignored and get a zero gradient.
 *
 * <p>Gradient: with the cotangent {@code g} of {@code x}, the cotangent of {@code b} is {@code lambda = A^-H g}, a
 * solve with the conjugate-transposed tridiagonal system (the transpose of the real 2n x 2n form of {@code A}),
 * and the cotangent of an entry {@code A[i][j]} is {@code -lambda_i * conj(x_j)}. The rule is written with this
 * solve and tensor ops, so it can itself be differentiated.
 *
 * <p>The elimination runs without pivoting, which is stable for diagonally dominant systems such as the
 * Crank–Nicolson matrix {@code 1 + i dt/2 H}; a vanishing pivot throws {@link ArithmeticException}.
 */
public final class Tridiagonal {
    private Tridiagonal() {
    }

    /** The solution {@code x [..., n, 2]} of {@code A x = rhs}; see the class comment for the layout. */
    public static Tensor solve(Tensor lower, Tensor diag, Tensor upper, Tensor rhs) {
        check(lower, diag, upper, rhs);
        return Autodiff.customGradient("tridiagonalSolve", in -> thomas(in[0], in[1], in[2], in[3]),
                (in, x, g) -> {
                    Tensor lambda = solve(Complex.conj(in[2].shift(-2, 1, PadMode.CONSTANT)), Complex.conj(in[1]),
                            Complex.conj(in[0].shift(-2, -1, PadMode.CONSTANT)), g);
                    Tensor xc = Complex.conj(x);
                    Tensor gDiag = Complex.mul(lambda, xc).neg();
                    Tensor gLower = Complex.mul(lambda, xc.shift(-2, 1, PadMode.CONSTANT)).neg();
                    Tensor gUpper = Complex.mul(lambda, xc.shift(-2, -1, PadMode.CONSTANT)).neg();
                    return new Tensor[] {gLower, gDiag, gUpper, lambda};
                }, lower, diag, upper, rhs);
    }

    private static void check(Tensor lower, Tensor diag, Tensor upper, Tensor rhs) {
        String[] names = {"lower", "diag", "upper", "rhs"};
        Tensor[] all = {lower, diag, upper, rhs};
        int[] dims = rhs.shape().dims();
        if (dims.length < 2 || dims[dims.length - 1] != 2 || dims[dims.length - 2] < 1) {
            throw new IllegalArgumentException("tridiagonal solve: rhs has shape " + Arrays.toString(dims)
                    + "; expected a complex tensor [..., n, 2] with n >= 1");
        }
        for (int i = 0; i < all.length; i++) {
            Checks.floating(names[i], all[i]);
            if (!Arrays.equals(all[i].shape().dims(), dims)) {
                throw new IllegalArgumentException("tridiagonal solve: " + names[i] + " has shape "
                        + Arrays.toString(all[i].shape().dims()) + "; expected the shape of rhs "
                        + Arrays.toString(dims));
            }
            Checks.sameDType(names[i], all[i], "rhs", rhs);
        }
    }

    /** The Thomas algorithm on the host, in double precision, over every system of the batch. */
    private static Tensor thomas(Tensor lower, Tensor diag, Tensor upper, Tensor rhs) {
        double[] a = lower.toDoubleArray();
        double[] d = diag.toDoubleArray();
        double[] c = upper.toDoubleArray();
        double[] b = rhs.toDoubleArray();
        int n = rhs.dim(-2);
        int systems = rhs.size() / (2 * n);
        double[] x = new double[b.length];
        double[] cp = new double[2 * n];
        double[] bp = new double[2 * n];
        for (int s = 0; s < systems; s++) {
            int o = s * 2 * n;
            for (int i = 0; i < n; i++) {
                int k = o + 2 * i;
                // pivot = d_i - a_i * c'_{i-1}; c'_i = c_i / pivot; b'_i = (b_i - a_i * b'_{i-1}) / pivot
                double pr = d[k];
                double pi = d[k + 1];
                double rr = b[k];
                double ri = b[k + 1];
                if (i > 0) {
                    double ar = a[k];
                    double ai = a[k + 1];
                    double qr = cp[2 * i - 2];
                    double qi = cp[2 * i - 1];
                    pr -= ar * qr - ai * qi;
                    pi -= ar * qi + ai * qr;
                    double br = bp[2 * i - 2];
                    double bi = bp[2 * i - 1];
                    rr -= ar * br - ai * bi;
                    ri -= ar * bi + ai * br;
                }
                double den = pr * pr + pi * pi;
                if (!(den > 0) || !Double.isFinite(den)) {
                    throw new ArithmeticException("tridiagonal solve: pivot " + i + " of system " + s + " is " + pr
                            + (pi < 0 ? " - " : " + ") + Math.abs(pi) + "i; the matrix is singular or needs pivoting");
                }
                double ir = pr / den;
                double ii = -pi / den;
                if (i < n - 1) {
                    cp[2 * i] = c[k] * ir - c[k + 1] * ii;
                    cp[2 * i + 1] = c[k] * ii + c[k + 1] * ir;
                }
                bp[2 * i] = rr * ir - ri * ii;
                bp[2 * i + 1] = rr * ii + ri * ir;
            }
            x[o + 2 * n - 2] = bp[2 * n - 2];
            x[o + 2 * n - 1] = bp[2 * n - 1];
            for (int i = n - 2; i >= 0; i--) {
                int k = o + 2 * i;
                double nr = x[k + 2];
                double ni = x[k + 3];
                x[k] = bp[2 * i] - (cp[2 * i] * nr - cp[2 * i + 1] * ni);
                x[k + 1] = bp[2 * i + 1] - (cp[2 * i] * ni + cp[2 * i + 1] * nr);
            }
        }
        Tensor out = Tensor.of(x, rhs.shape().dims());
        out = rhs.dtype() == DType.FLOAT64 ? out : out.cast(rhs.dtype());
        return out.to(rhs.backend());
    }
}
