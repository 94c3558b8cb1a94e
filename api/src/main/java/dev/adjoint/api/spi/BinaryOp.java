package dev.adjoint.api.spi;

/**
 * The elementwise binary kernels. Both operands have the same dtype, which the result keeps. INT32
 * supports {@link #ADD}, {@link #SUB}, {@link #MUL}, {@link #DIV} (floor division), {@link #MOD},
 * {@link #MAX} and {@link #MIN}.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN,
    /** {@code atan2(a, b)}. */
    ATAN2,
    /** Floor modulo with the sign of the divisor, like Python's {@code %}. */
    MOD;

    /** Whether the op is defined for INT32 tensors. */
    public boolean supportsInt() {
        return this != POW && this != ATAN2;
    }
}
