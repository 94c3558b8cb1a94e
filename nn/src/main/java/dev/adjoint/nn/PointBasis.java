package dev.adjoint.nn;

import dev.adjoint.api.Tensor;

/**
 * One-dimensional basis families of the symmetric basis convolution (Winchenbach &amp; Thuerey 2024, SFBC),
 * on {@code x in [-1, 1]}. Each family gives {@code n} functions {@code b_0 .. b_{n-1}}; products of one
 * family per axis form the separable filter basis.
 */
public enum PointBasis {
    /**
     * SFBC's "ffourier", with even and odd terms: {@code 1/sqrt(2 pi)}, then {@code cos(pi x)}, {@code sin(pi x)},
     * {@code cos(2 pi x)}, {@code sin(2 pi x)}, ... each divided by {@code sqrt(pi)}.
     */
    FOURIER,
    /** Even terms only: {@code 1/sqrt(2 pi)}, then {@code cos(k pi x) / sqrt(pi)} for {@code k = 1 .. n-1}. */
    FOURIER_EVEN,
    /** Odd terms and the constant: {@code 1/sqrt(2 pi)}, then {@code sin(k pi x) / sqrt(pi)}, {@code k = 1 .. n-1}. */
    FOURIER_ODD,
    /** Chebyshev polynomials of the first kind {@code T_0 .. T_{n-1}}. */
    CHEBYSHEV,
    /**
     * Linear hats centred at {@code c_k = linspace(-1, 1, n)} with spacing {@code h = 2/(n-1)}:
     * {@code max(0, 1 - |x - c_k| / h)} ({@code n >= 2}); with a cartesian mapping this is CConv's bilinear grid.
     */
    LINEAR,
    /**
     * Gaussian radial basis functions {@code exp(-r^2)}, {@code r = |x - c_k| / h}, on the centres and spacing of
     * {@link #LINEAR}.
     */
    RBF_GAUSSIAN,
    /** Inverse quadric radial basis functions {@code 1 / (1 + r^2)} on the centres of {@link #LINEAR}. */
    RBF_INVERSE_QUADRIC,
    /** Multiquadric radial basis functions {@code sqrt(1 + r^2)} on the centres of {@link #LINEAR}. */
    RBF_MULTIQUADRIC,
    /** Inverse multiquadric radial basis functions {@code 1 / sqrt(1 + r^2)} on the centres of {@link #LINEAR}. */
    RBF_INVERSE_MULTIQUADRIC;

    private static final double CONSTANT = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double SCALE = 1.0 / Math.sqrt(Math.PI);

    /** The smallest number of terms the family supports. */
    public int minTerms() {
        return this == LINEAR || name().startsWith("RBF") ? 2 : 1;
    }

    /** Whether SFBC's initialisation damps slice {@code k} of this family by {@code e^-k} (only "chebyshev"). */
    boolean decays() {
        return this == CHEBYSHEV;
    }

    /** The {@code n} basis functions at {@code x [..., 1]}, as {@code [..., n]}. */
    public Tensor evaluate(Tensor x, int n) {
        if (n < minTerms()) {
            throw new IllegalArgumentException("PointBasis." + this + ": " + n + " terms; expected at least "
                    + minTerms());
        }
        int last = x.rank() - 1;
        if (last < 0 || x.dim(last) != 1) {
            throw new IllegalArgumentException("PointBasis." + this + ": x of shape " + x.shape()
                    + "; expected a trailing axis of size 1");
        }
        Tensor[] terms = new Tensor[n];
        switch (this) {
            case FOURIER:
            case FOURIER_EVEN:
            case FOURIER_ODD:
                terms[0] = x.fullLike(CONSTANT);
                for (int j = 1; j < n; j++) {
                    terms[j] = fourierTerm(x, j);
                }
                break;
            case CHEBYSHEV:
                terms[0] = x.onesLike();
                if (n > 1) {
                    terms[1] = x;
                }
                for (int k = 2; k < n; k++) {
                    terms[k] = x.mul(terms[k - 1]).mul(2.0).sub(terms[k - 2]);
                }
                break;
            default:
                double h = 2.0 / (n - 1);
                for (int k = 0; k < n; k++) {
                    Tensor r = x.sub(-1.0 + k * h).div(h);
                    terms[k] = switch (this) {
                        case LINEAR -> r.abs().neg().add(1.0).relu();
                        case RBF_GAUSSIAN -> r.square().neg().exp();
                        case RBF_INVERSE_QUADRIC -> r.square().add(1.0).reciprocal();
                        case RBF_MULTIQUADRIC -> r.square().add(1.0).sqrt();
                        case RBF_INVERSE_MULTIQUADRIC -> r.square().add(1.0).rsqrt();
                        default -> throw new AssertionError(this);
                    };
                }
                break;
        }
        return n == 1 ? terms[0] : Tensor.concat(last, terms);
    }

    private Tensor fourierTerm(Tensor x, int j) {
        switch (this) {
            case FOURIER: {
                int k = (j + 1) / 2;
                Tensor arg = x.mul(k * Math.PI);
                return (j % 2 == 1 ? arg.cos() : arg.sin()).mul(SCALE);
            }
            case FOURIER_EVEN:
                return x.mul(j * Math.PI).cos().mul(SCALE);
            default:
                return x.mul(j * Math.PI).sin().mul(SCALE);
        }
    }
}
