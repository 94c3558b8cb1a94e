package dev.adjoint.backend.tornado.kernels;

/**
 * The op codes the kernels read from their {@code meta} argument (compile-time constants, so the device
 * code compares against literals), and the capacity of that argument.
 */
public final class Meta {
    /** Elements in every {@code meta} array; bounds the rank a device kernel accepts. */
    public static final int CAPACITY = 64;

    public static final int NEG = 0;
    public static final int ABS = 1;
    public static final int SIGN = 2;
    public static final int SQUARE = 3;
    public static final int SQRT = 4;
    public static final int RSQRT = 5;
    public static final int RECIPROCAL = 6;
    public static final int EXP = 7;
    public static final int EXPM1 = 8;
    public static final int LOG = 9;
    public static final int LOG1P = 10;
    public static final int SIN = 11;
    public static final int COS = 12;
    public static final int TAN = 13;
    public static final int ATAN = 14;
    public static final int TANH = 15;
    public static final int SIGMOID = 16;
    public static final int SOFTPLUS = 17;
    public static final int RELU = 18;
    public static final int ELU = 19;
    public static final int SILU = 20;
    public static final int FLOOR = 21;
    public static final int CEIL = 22;
    public static final int ROUND = 23;
    public static final int ERF = 24;
    public static final int GELU = 25;

    public static final int ADD = 0;
    public static final int SUB = 1;
    public static final int MUL = 2;
    public static final int DIV = 3;
    public static final int POW = 4;
    public static final int MAX = 5;
    public static final int MIN = 6;
    public static final int ATAN2 = 7;

    public static final int EQ = 0;
    public static final int NE = 1;
    public static final int LT = 2;
    public static final int LE = 3;
    public static final int GT = 4;
    public static final int GE = 5;

    public static final int SUM = 0;
    public static final int PROD = 1;
    public static final int RMAX = 2;
    public static final int RMIN = 3;
    public static final int ARGMAX = 4;
    public static final int ARGMIN = 5;

    private Meta() {
    }
}
