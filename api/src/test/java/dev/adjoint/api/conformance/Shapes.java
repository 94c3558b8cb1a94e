package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import java.util.List;

/**
 * The shapes and dtypes the kit sweeps: empty tensors, size 1, scalars, primes, sizes that are not
 * multiples of 8 or 16 (vector tails), a few 2-D to 4-D shapes, and NumPy broadcasting pairs.
 */
public final class Shapes {
    /** Both float dtypes. */
    public static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64);

    /** Every dtype. */
    public static final List<DType> ALL = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32);

    /** Single shapes for elementwise ops. */
    public static final List<int[]> SINGLE = List.of(
            new int[] {0}, new int[] {0, 3}, new int[] {1}, new int[] {},
            new int[] {7}, new int[] {13}, new int[] {31},
            new int[] {17}, new int[] {33}, new int[] {65}, new int[] {1029},
            new int[] {4, 5}, new int[] {3, 4, 5}, new int[] {2, 3, 4, 5});

    /** A shorter sweep for ops whose cost does not depend on vector tails as much. */
    public static final List<int[]> FEW = List.of(
            new int[] {0}, new int[] {}, new int[] {1}, new int[] {17}, new int[] {33}, new int[] {3, 4, 5});

    /** Pairs of operand shapes that broadcast, including against empty and rank-0 operands. */
    public static final List<int[][]> BROADCAST_PAIRS = List.of(
            new int[][] {{5, 4}, {4}},
            new int[][] {{4}, {5, 4}},
            new int[][] {{15, 1, 5}, {3, 5}},
            new int[][] {{}, {7, 3}},
            new int[][] {{7, 3}, {}},
            new int[][] {{8, 1, 6, 1}, {7, 1, 5}},
            new int[][] {{0, 3}, {3}},
            new int[][] {{1}, {17}},
            new int[][] {{3, 1}, {1, 0}},
            new int[][] {{2, 1, 33}, {4, 1}});

    private Shapes() {
    }

    /** NumPy notation, e.g. {@code (17,)} or {@code ()}. */
    public static String str(int[] shape) {
        return Shape.of(shape).toString();
    }

    /** The number of elements. */
    public static int size(int[] shape) {
        return Shape.of(shape).size();
    }
}
