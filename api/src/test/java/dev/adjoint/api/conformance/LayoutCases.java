package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Conformance cases of the layout kernels, all compared exactly in every dtype: strided reads through
 * permute, transpose, slice (negative steps too), select, broadcastTo, element reads and chains of them;
 * concat and stack (with empty parts and scalars); pad in every {@link PadMode}, including widths wider
 * than the axis; and shift by offsets of either sign, larger than the axis too.
 */
public final class LayoutCases {
    /** A named layout op applied to an input of the given shape. */
    private record Plan(String op, int[] shape, String label, Function<Tensor, Tensor> f) {
    }

    private static final List<Plan> STRIDED = List.of(
            new Plan("permute", new int[] {2, 3, 4, 5}, "[3, 1, 0, 2]", t -> t.permute(3, 1, 0, 2)),
            new Plan("permute", new int[] {4, 5}, "[1, 0]", t -> t.permute(1, 0)),
            new Plan("permute", new int[] {17, 33}, "[-1, 0]", t -> t.permute(-1, 0)),
            new Plan("permute", new int[] {0, 3}, "[1, 0]", t -> t.permute(1, 0)),
            new Plan("permute", new int[] {3, 1, 5}, "[2, 0, 1]", t -> t.permute(2, 0, 1)),
            new Plan("transpose", new int[] {3, 4, 5}, "(0, 2)", t -> t.transpose(0, 2)),
            new Plan("slice", new int[] {13}, "[1:10:2]", t -> t.slice(0, 1, 10, 2)),
            new Plan("slice", new int[] {13}, "[::-1]", t -> t.slice(0, -1, Integer.MIN_VALUE, -1)),
            new Plan("slice", new int[] {4, 5, 6}, "axis 1 [-1:-6:-2]", t -> t.slice(1, -1, -6, -2)),
            new Plan("slice", new int[] {6, 7}, "axis -1 [0:7:3]", t -> t.slice(-1, 0, 7, 3)),
            new Plan("slice", new int[] {1029}, "[1000:3:-7]", t -> t.slice(0, 1000, 3, -7)),
            new Plan("slice", new int[] {7}, "empty [5:2]", t -> t.slice(0, 5, 2, 1)),
            new Plan("slice", new int[] {4, 5}, "axis 0 [2:100]", t -> t.slice(0, 2, 100)),
            new Plan("select", new int[] {3, 4, 5}, "axis 1 index -1", t -> t.select(1, -1)),
            new Plan("select", new int[] {7}, "axis 0 index 3", t -> t.select(0, 3)),
            new Plan("broadcastTo", new int[] {3, 1, 5}, "(2, 3, 4, 5)", t -> t.broadcastTo(2, 3, 4, 5)),
            new Plan("broadcastTo", new int[] {}, "(7, 3)", t -> t.broadcastTo(7, 3)),
            new Plan("broadcastTo", new int[] {1}, "(17,)", t -> t.broadcastTo(17)),
            new Plan("broadcastTo", new int[] {4}, "(0, 4)", t -> t.broadcastTo(0, 4)),
            new Plan("strided", new int[] {4, 1, 6}, "permute, reversed slice, broadcast",
                    t -> t.permute(2, 0, 1).slice(0, -1, Integer.MIN_VALUE, -2).broadcastTo(2, 3, 4, 5)),
            new Plan("strided", new int[] {5, 6, 7}, "transpose, slice, permute, select",
                    t -> t.transpose(0, 2).slice(1, 4, 0, -1).permute(1, 2, 0).select(2, 3)),
            new Plan("get", new int[] {3, 4, 5}, "element [2, -1, 3]", t -> Tensor.full(DType.FLOAT64, t.get(2, -1, 3))),
            new Plan("get", new int[] {}, "element []", t -> Tensor.full(DType.FLOAT64, t.get())));

    private LayoutCases() {
    }

    /** All layout cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (DType dtype : Shapes.ALL) {
            for (Plan p : STRIDED) {
                String name = p.op() + " " + dtype.label() + " " + Shapes.str(p.shape()) + " " + p.label();
                HostArray x = new RandomInputs(name).uniform(dtype, p.shape(), -100, 100);
                out.add(Case.of("layout", p.op(), name, Tolerance.EXACT, in -> p.f().apply(in[0]), x));
            }
            concat(out, dtype);
            stack(out, dtype);
            pad(out, dtype);
            shift(out, dtype);
        }
        return out;
    }

    private static void concat(List<Case> out, DType dtype) {
        Object[][] plans = {
            {0, new int[][] {{2, 5}, {0, 5}, {3, 5}}},
            {1, new int[][] {{4, 1}, {4, 3}, {4, 2}}},
            {-1, new int[][] {{2, 3, 1}, {2, 3, 4}}},
            {1, new int[][] {{2, 3, 4}, {2, 5, 4}, {2, 1, 4}}},
            {0, new int[][] {{17}}},
            {0, new int[][] {{0}, {0}}},
            {0, new int[][] {{1029}, {7}}},
        };
        for (Object[] p : plans) {
            int axis = (Integer) p[0];
            int[][] shapes = (int[][]) p[1];
            String name = "concat " + dtype.label() + " axis " + axis + " " + describe(shapes);
            RandomInputs r = new RandomInputs(name);
            HostArray[] parts = new HostArray[shapes.length];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = r.uniform(dtype, shapes[i], -100, 100);
            }
            out.add(Case.of("layout", "concat", name, Tolerance.EXACT, in -> Tensor.concat(axis, in), parts));
        }
    }

    private static void stack(List<Case> out, DType dtype) {
        Object[][] plans = {
            {0, new int[] {4, 5}, 3},
            {2, new int[] {4, 5}, 3},
            {-1, new int[] {2, 3, 4}, 2},
            {0, new int[] {}, 3},
            {1, new int[] {0, 3}, 2},
            {0, new int[] {17}, 1},
        };
        for (Object[] p : plans) {
            int axis = (Integer) p[0];
            int[] shape = (int[]) p[1];
            int count = (Integer) p[2];
            String name = "stack " + dtype.label() + " axis " + axis + " " + count + "x" + Shapes.str(shape);
            RandomInputs r = new RandomInputs(name);
            HostArray[] parts = new HostArray[count];
            for (int i = 0; i < count; i++) {
                parts[i] = r.uniform(dtype, shape, -100, 100);
            }
            out.add(Case.of("layout", "stack", name, Tolerance.EXACT, in -> Tensor.stack(axis, in), parts));
        }
    }

    private static void pad(List<Case> out, DType dtype) {
        // shape, before, after; the wide plans pad more than the axis holds (repeated wrapping or mirroring).
        int[][][] plans = {
            {{7}, {2}, {3}},
            {{7}, {9}, {16}},
            {{4, 5}, {1, 3}, {2, 0}},
            {{4, 5}, {6, 11}, {9, 7}},
            {{2, 3, 4}, {1, 0, 2}, {1, 2, 1}},
            {{1}, {5}, {4}},
            {{2, 1, 3}, {0, 3, 4}, {1, 2, 5}},
            {{17}, {0}, {0}},
            {{}, {}, {}},
        };
        for (PadMode mode : PadMode.values()) {
            for (int[][] p : plans) {
                String name = "pad " + dtype.label() + " " + mode + " " + Shapes.str(p[0]) + " before "
                        + Arrays.toString(p[1]) + " after " + Arrays.toString(p[2]);
                HostArray x = new RandomInputs(name).uniform(dtype, p[0], -100, 100);
                out.add(Case.of("layout", "pad", name, Tolerance.EXACT, in -> in[0].pad(p[1], p[2], mode), x));
            }
        }
        String name = "pad " + dtype.label() + " CONSTANT value 2.5 (3, 4) before [1, 2] after [2, 1]";
        HostArray x = new RandomInputs(name).uniform(dtype, new int[] {3, 4}, -100, 100);
        out.add(Case.of("layout", "pad", name, Tolerance.EXACT,
                in -> in[0].pad(new int[] {1, 2}, new int[] {2, 1}, PadMode.CONSTANT, 2.5), x));
        name = "pad " + dtype.label() + " CONSTANT empty axis (0, 3) before [1, 2] after [2, 0]";
        x = new RandomInputs(name).uniform(dtype, new int[] {0, 3}, -100, 100);
        out.add(Case.of("layout", "pad", name, Tolerance.EXACT,
                in -> in[0].pad(new int[] {1, 2}, new int[] {2, 0}, PadMode.CONSTANT, -1), x));
    }

    private static void shift(List<Case> out, DType dtype) {
        int[] offsets = {1, -2, 0, 9, -10, 25};
        for (PadMode mode : PadMode.values()) {
            for (int offset : offsets) {
                String name = "shift " + dtype.label() + " " + mode + " (9,) by " + offset;
                HostArray x = new RandomInputs(name).uniform(dtype, new int[] {9}, -100, 100);
                out.add(Case.of("layout", "shift", name, Tolerance.EXACT, in -> in[0].shift(0, offset, mode), x));
            }
            for (int[] axisOffset : new int[][] {{1, 3}, {0, -1}, {-1, -7}}) {
                String name = "shift " + dtype.label() + " " + mode + " (4, 5) axis " + axisOffset[0] + " by "
                        + axisOffset[1];
                HostArray x = new RandomInputs(name).uniform(dtype, new int[] {4, 5}, -100, 100);
                out.add(Case.of("layout", "shift", name, Tolerance.EXACT,
                        in -> in[0].shift(axisOffset[0], axisOffset[1], mode), x));
            }
        }
    }

    private static String describe(int[][] shapes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            b.append(i == 0 ? "" : "+").append(Shape.of(shapes[i]));
        }
        return b.toString();
    }
}
