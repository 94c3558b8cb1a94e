package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Conformance cases of the batched matrix product: 1x1, odd sizes such as 7x13 @ 13x5, sizes around vector
 * widths, vectors on either side, batched and broadcast batches, both transposes, and empty matrices
 * (including a zero contraction length, which gives zeros).
 */
public final class MatmulCases {
    /** Operand shapes and transpose flags. */
    private record Plan(int[] a, int[] b, boolean ta, boolean tb) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan(new int[] {1, 1}, new int[] {1, 1}, false, false),
            new Plan(new int[] {7, 13}, new int[] {13, 5}, false, false),
            new Plan(new int[] {17, 33}, new int[] {33, 9}, false, false),
            new Plan(new int[] {16, 16}, new int[] {16, 16}, false, false),
            new Plan(new int[] {13, 7}, new int[] {13, 5}, true, false),
            new Plan(new int[] {7, 13}, new int[] {5, 13}, false, true),
            new Plan(new int[] {13, 7}, new int[] {5, 13}, true, true),
            new Plan(new int[] {2, 3, 4}, new int[] {2, 4, 5}, false, false),
            new Plan(new int[] {3, 1, 4, 6}, new int[] {5, 6, 2}, false, false),
            new Plan(new int[] {2, 6, 4}, new int[] {3, 1, 5, 6}, true, true),
            new Plan(new int[] {4, 6}, new int[] {3, 6, 5}, false, false),
            new Plan(new int[] {13}, new int[] {13, 5}, false, false),
            new Plan(new int[] {7, 13}, new int[] {13}, false, false),
            new Plan(new int[] {31}, new int[] {31}, false, false),
            new Plan(new int[] {2, 5, 13}, new int[] {13}, false, false),
            new Plan(new int[] {3, 0}, new int[] {0, 4}, false, false),
            new Plan(new int[] {0, 5}, new int[] {5, 3}, false, false),
            new Plan(new int[] {0, 2, 3}, new int[] {3, 4}, false, false),
            new Plan(new int[] {65, 3}, new int[] {3, 1}, false, false));

    private MatmulCases() {
    }

    /** All matmul cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (DType dtype : Shapes.FLOATS) {
            for (Plan p : PLANS) {
                String name = "matmul " + dtype.label() + " " + Shapes.str(p.a()) + (p.ta() ? "^T" : "") + "@"
                        + Shapes.str(p.b()) + (p.tb() ? "^T" : "");
                RandomInputs r = new RandomInputs(name);
                HostArray a = r.uniform(dtype, p.a(), -1, 1);
                HostArray b = r.uniform(dtype, p.b(), -1, 1);
                int k = p.a().length == 1 ? p.a()[0] : p.a()[p.a().length - (p.ta() ? 2 : 1)];
                Tolerance tol = Tolerance.reduction(dtype, k, 1);
                out.add(Case.of("matmul", "matmul", name, tol, in -> Tensor.matmul(in[0], in[1], p.ta(), p.tb()), a, b));
            }
        }
        return out;
    }
}
