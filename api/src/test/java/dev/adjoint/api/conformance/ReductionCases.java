package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.ReduceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conformance cases of the reduction kernel: every {@link ReduceOp} (and {@code mean}) in every dtype, over
 * single axes, several axes and all axes (also with {@code keepDims}), on empty, scalar, prime-sized and
 * 2-D to 4-D inputs. Max, min and the arg reductions get inputs from a small value set so that ties are
 * frequent (the first extreme index must win); max and min also see NaN, which must propagate.
 */
public final class ReductionCases {
    /** A shape with the axis sets reduced over it; an empty axis set means all axes. */
    private record Plan(int[] shape, int[][] axes) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan(new int[] {1029}, new int[][] {{0}, {}}),
            new Plan(new int[] {7}, new int[][] {{0}, {-1}}),
            new Plan(new int[] {1}, new int[][] {{0}}),
            new Plan(new int[] {}, new int[][] {{}}),
            new Plan(new int[] {13, 31}, new int[][] {{0}, {1}, {-1}, {0, 1}}),
            new Plan(new int[] {17, 33}, new int[][] {{0}, {1}}),
            new Plan(new int[] {3, 4, 5}, new int[][] {{0}, {1}, {2}, {0, 2}, {1, 2}, {}}),
            new Plan(new int[] {2, 3, 4, 5}, new int[][] {{1}, {3}, {0, 2}, {1, 2, 3}, {-4, -1}, {}}),
            new Plan(new int[] {0, 3}, new int[][] {{0}, {1}}),
            new Plan(new int[] {65, 1}, new int[][] {{0}, {1}}));

    private ReductionCases() {
    }

    /** All reduction cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
            boolean identity = op == ReduceOp.SUM || op == ReduceOp.PROD;
            for (DType dtype : Shapes.ALL) {
                for (Plan p : PLANS) {
                    for (int[] axes : p.axes()) {
                        if (arg && axes.length != 1) {
                            continue;
                        }
                        if (!identity && reducedCount(p.shape(), axes) == 0) {
                            continue;
                        }
                        add(out, op, dtype, p.shape(), axes, false);
                    }
                }
                if (!arg) {
                    add(out, op, dtype, new int[] {3, 4, 5}, new int[] {0, 2}, true);
                }
                if (!arg && !identity && dtype != DType.INT32) {
                    nanCase(out, op, dtype);
                }
            }
        }
        for (DType dtype : Shapes.FLOATS) {
            for (Plan p : PLANS) {
                for (int[] axes : p.axes()) {
                    String name = "mean " + dtype.label() + " " + Shapes.str(p.shape()) + " axes "
                            + Arrays.toString(axes);
                    HostArray x = new RandomInputs(name).uniform(dtype, p.shape(), -1, 1);
                    long n = reducedCount(p.shape(), axes);
                    out.add(Case.of("reduce", "mean", name, Tolerance.reduction(dtype, n, 1), in -> in[0].mean(axes), x));
                }
            }
        }
        return out;
    }

    private static void add(List<Case> out, ReduceOp op, DType dtype, int[] shape, int[] axes, boolean keepDims) {
        String opName = ElementwiseCases.name(op);
        String name = opName + " " + dtype.label() + " " + Shapes.str(shape) + " axes " + Arrays.toString(axes)
                + (keepDims ? " keepDims" : "");
        RandomInputs r = new RandomInputs(name);
        long n = reducedCount(shape, axes);
        HostArray x;
        Tolerance tol;
        switch (op) {
            case SUM -> {
                x = dtype == DType.INT32 ? r.uniform(dtype, shape, -1000, 1000) : r.uniform(dtype, shape, -1, 1);
                tol = Tolerance.reduction(dtype, n, 1);
            }
            case PROD -> {
                x = dtype == DType.INT32 ? r.choice(dtype, shape, -2, -1, 1, 1, 1, 2, 3)
                        : r.magnitude(dtype, shape, 0.8, 1.25);
                tol = Tolerance.product(dtype, n);
            }
            default -> {
                // Few distinct values: ties are frequent, and the first extreme index must win.
                x = r.choice(dtype, shape, -2, -1, 0, 1, 2, 3);
                tol = Tolerance.EXACT;
            }
        }
        out.add(Case.of("reduce", opName, name, tol, in -> reduce(op, in[0], axes, keepDims), x));
    }

    private static void nanCase(List<Case> out, ReduceOp op, DType dtype) {
        String opName = ElementwiseCases.name(op);
        String name = opName + " " + dtype.label() + " NaN propagation (4, 5) axes [1]";
        double[] v = new RandomInputs(name).uniform(dtype, new int[] {20}, -5, 5).toDoubles();
        v[2] = Double.NaN;
        v[9] = Double.NaN;
        v[14] = Double.POSITIVE_INFINITY;
        v[16] = Double.NEGATIVE_INFINITY;
        out.add(Case.of("reduce", opName, name, Tolerance.EXACT, in -> reduce(op, in[0], new int[] {1}, false),
                HostArray.of(dtype, v, 4, 5)));
    }

    /** The public op for a reduction kernel. */
    public static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        return switch (op) {
            case SUM -> x.sum(axes, keepDims);
            case PROD -> x.prod(axes, keepDims);
            case MAX -> x.max(axes, keepDims);
            case MIN -> x.min(axes, keepDims);
            case ARGMAX -> x.argmax(axes[0]);
            case ARGMIN -> x.argmin(axes[0]);
        };
    }

    private static long reducedCount(int[] shape, int[] axes) {
        if (axes.length == 0) {
            return Shape.of(shape).size();
        }
        long n = 1;
        for (int a : axes) {
            n *= shape[a < 0 ? a + shape.length : a];
        }
        return n;
    }
}
