package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conformance cases of {@code gather} and {@code scatterAdd} along an axis in every dtype: repeated
 * indices, empty index vectors, empty slices, outputs with untouched rows, and out-of-range indices, which
 * every backend must report (the op layer turns the kernel's {@link IndexOutOfBoundsException} into an
 * {@link OpException.IndexException}).
 */
public final class IndexingCases {
    /** Tensor shape, axis, and the size of the axis the indices address ({@code range}) and their count. */
    private record Plan(int[] shape, int axis, int range, int count) {
    }

    private static final List<Plan> GATHER = List.of(
            new Plan(new int[] {7}, 0, 7, 12),
            new Plan(new int[] {5, 7, 3}, 1, 7, 10),
            new Plan(new int[] {5, 7, 3}, 0, 5, 9),
            new Plan(new int[] {5, 7, 3}, -1, 3, 4),
            new Plan(new int[] {1029}, 0, 1029, 33),
            new Plan(new int[] {17, 9}, 1, 9, 0),
            new Plan(new int[] {4, 0}, 0, 4, 3),
            new Plan(new int[] {2, 3, 4, 5}, 2, 4, 17));

    private static final List<Plan> SCATTER = List.of(
            new Plan(new int[] {12}, 0, 7, 12),
            new Plan(new int[] {5, 10, 3}, 1, 7, 10),
            new Plan(new int[] {9, 2, 3}, 0, 5, 9),
            new Plan(new int[] {5, 7, 4}, -1, 3, 4),
            new Plan(new int[] {65}, 0, 1029, 65),
            new Plan(new int[] {17, 0}, 1, 9, 0),
            new Plan(new int[] {3, 0}, 0, 4, 3),
            new Plan(new int[] {2, 3, 17, 5}, 2, 4, 17),
            new Plan(new int[] {40}, 0, 3, 40));

    private IndexingCases() {
    }

    /** All gather and scatter-add cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (DType dtype : Shapes.ALL) {
            for (Plan p : GATHER) {
                String name = "gather " + dtype.label() + " " + Shapes.str(p.shape()) + " axis " + p.axis() + " "
                        + p.count() + " indices";
                RandomInputs r = new RandomInputs(name);
                HostArray x = r.uniform(dtype, p.shape(), -100, 100);
                HostArray idx = HostArray.of(r.ints(p.count(), 0, p.range()), p.count());
                out.add(Case.of("indexing", "gather", name, Tolerance.EXACT, in -> in[0].gather(p.axis(), in[1]), x, idx));
            }
            for (Plan p : SCATTER) {
                String name = "scatterAdd " + dtype.label() + " " + Shapes.str(p.shape()) + " axis " + p.axis()
                        + " into " + p.range();
                RandomInputs r = new RandomInputs(name);
                HostArray src = r.uniform(dtype, p.shape(), -100, 100);
                int[] idx = r.ints(p.count(), 0, p.range());
                int repeats = maxRepeats(idx, p.range());
                out.add(Case.of("indexing", "scatterAdd", name, Tolerance.reduction(dtype, repeats, 100),
                        in -> in[0].scatterAdd(p.axis(), in[1], p.range()), src, HostArray.of(idx, p.count())));
            }
            for (int bad : new int[] {7, -1}) {
                String name = "gather " + dtype.label() + " index " + bad + " out of range for (5, 7) axis 1";
                HostArray x = new RandomInputs(name).uniform(dtype, new int[] {5, 7}, -100, 100);
                out.add(Case.failing("indexing", "gather", name, OpException.IndexException.class,
                        in -> in[0].gather(1, in[1]), x, HostArray.of(new int[] {0, 3, bad, 2})));
                String sname = "scatterAdd " + dtype.label() + " index " + (bad == 7 ? 4 : bad)
                        + " out of range for size 4";
                HostArray src = new RandomInputs(sname).uniform(dtype, new int[] {3, 5}, -100, 100);
                out.add(Case.failing("indexing", "scatterAdd", sname, OpException.IndexException.class,
                        in -> in[0].scatterAdd(0, in[1], 4), src, HostArray.of(new int[] {1, bad == 7 ? 4 : bad, 0})));
            }
        }
        return out;
    }

    private static int maxRepeats(int[] idx, int range) {
        int[] count = new int[range];
        for (int i : idx) {
            count[i]++;
        }
        return Arrays.stream(count).max().orElse(1);
    }
}
