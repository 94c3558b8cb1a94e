package dev.adjoint.api;

import java.util.Arrays;

/**
 * The dimensions of a row-major tensor. Immutable; rank 0 is a scalar. Also holds the NumPy
 * broadcasting rule and axis normalization shared by every op.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new OpException.ShapeException("shape", "shape " + Arrays.toString(dims)
                        + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        this.size = (int) n;
    }

    /** A shape with the given dimensions; every dimension must be {@code >= 0}. */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new OpException.ShapeException("shape",
                        "negative dimension in " + Arrays.toString(dims) + "; expected every dimension >= 0");
            }
        }
        return new Shape(dims.clone());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[normalizeAxis("dim", axis)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements (1 for a scalar, 0 when any dimension is 0). */
    public int size() {
        return size;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Maps {@code axis} in {@code [-rank, rank)} to {@code [0, rank)}, or throws naming {@code op}. */
    public int normalizeAxis(String op, int axis) {
        return normalizeAxis(op, axis, dims.length);
    }

    /** Maps {@code axis} in {@code [-rank, rank)} to {@code [0, rank)} for a tensor of the given rank. */
    public static int normalizeAxis(String op, int axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new OpException.AxisException(op, "axis " + axis + " is out of range for rank " + rank
                    + "; expected an axis in [" + (-rank) + ", " + rank + ")");
        }
        return axis < 0 ? axis + rank : axis;
    }

    /**
     * Normalizes and sorts a set of axes; an empty array means all axes. Throws on duplicates.
     */
    public int[] normalizeAxes(String op, int... axes) {
        if (axes.length == 0) {
            int[] all = new int[dims.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < axes.length; i++) {
            int a = normalizeAxis(op, axes[i]);
            if (seen[a]) {
                throw new OpException.AxisException(op, "axis " + axes[i] + " appears more than once in "
                        + Arrays.toString(axes) + " for shape " + this);
            }
            seen[a] = true;
            out[i] = a;
        }
        Arrays.sort(out);
        return out;
    }

    /** The NumPy broadcast of several shapes, or a {@link OpException.ShapeException} naming {@code op}. */
    public static Shape broadcast(String op, Shape... shapes) {
        int rank = 0;
        for (Shape s : shapes) {
            rank = Math.max(rank, s.rank());
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (Shape s : shapes) {
            int offset = rank - s.rank();
            for (int i = 0; i < s.rank(); i++) {
                int d = s.dims[i];
                int o = out[offset + i];
                if (o == 1) {
                    out[offset + i] = d;
                } else if (d != 1 && d != o) {
                    throw new OpException.ShapeException(op, "shapes " + describe(shapes)
                            + " cannot be broadcast together: dimension " + (offset + i - rank) + " is " + o
                            + " in one and " + d + " in another; expected equal sizes or 1");
                }
            }
        }
        return new Shape(out);
    }

    /**
     * Strides (in elements) for reading a tensor of this shape as if broadcast to {@code target}:
     * aligned to the target's rank, 0 where this shape has size 1 or is missing.
     */
    public int[] broadcastStrides(Shape target) {
        int[] own = strides();
        int[] out = new int[target.rank()];
        int offset = target.rank() - dims.length;
        for (int i = 0; i < dims.length; i++) {
            out[offset + i] = dims[i] == 1 ? 0 : own[i];
        }
        return out;
    }

    /** This shape with dimension {@code axis} replaced. */
    public Shape withDim(int axis, int value) {
        int[] d = dims.clone();
        d[normalizeAxis("shape", axis)] = value;
        return Shape.of(d);
    }

    /** This shape without the given (normalized) axes. */
    public Shape without(int... sortedAxes) {
        int[] d = new int[dims.length - sortedAxes.length];
        int j = 0;
        int k = 0;
        for (int i = 0; i < dims.length; i++) {
            if (k < sortedAxes.length && sortedAxes[k] == i) {
                k++;
            } else {
                d[j++] = dims[i];
            }
        }
        return Shape.of(d);
    }

    /** Dimensions {@code [from, to)} as a shape. */
    public Shape sub(int from, int to) {
        return Shape.of(Arrays.copyOfRange(dims, from, to));
    }

    static String describe(Shape... shapes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) {
                b.append(i == shapes.length - 1 ? " and " : ", ");
            }
            b.append(shapes[i]);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** NumPy style, e.g. {@code (2, 3)}, {@code (4,)} or {@code ()}. */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(dims[i]);
        }
        return b.append(')').toString();
    }
}
