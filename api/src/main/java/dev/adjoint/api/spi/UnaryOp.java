package dev.adjoint.api.spi;

/**
 * The elementwise unary kernels. Float dtypes support all of them; INT32 supports {@link #NEG},
 * {@link #ABS}, {@link #SIGN} and {@link #SQUARE}. Results keep the input dtype.
 */
public enum UnaryOp {
    NEG, ABS, SIGN, SQUARE, SQRT, RSQRT, RECIPROCAL,
    EXP, EXPM1, LOG, LOG1P,
    SIN, COS, TAN, ATAN, TANH,
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** {@code log(1 + exp(x))}, computed without overflow. */
    SOFTPLUS,
    RELU,
    /** ELU with alpha = 1: {@code x} for {@code x > 0}, else {@code exp(x) - 1}. */
    ELU,
    /** Exact GELU: {@code x * Phi(x)} with the normal CDF via erf (PyTorch's default). */
    GELU,
    /** {@code x * sigmoid(x)}. */
    SILU,
    ERF,
    FLOOR, CEIL,
    /** Round half to even, like NumPy. */
    ROUND;

    /** Whether the op is defined for INT32 tensors. */
    public boolean supportsInt() {
        return this == NEG || this == ABS || this == SIGN || this == SQUARE;
    }
}
