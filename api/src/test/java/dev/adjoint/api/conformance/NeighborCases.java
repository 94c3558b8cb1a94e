package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.NeighborGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conformance cases of the radius-neighbour search in 1-3 dimensions, open and periodic, in both float
 * dtypes, comparing the CSR row offsets and columns exactly. Coordinates are multiples of 1/64, so squared
 * distances are exact in float32 and float64 alike and pairs exactly at the radius (which count) occur on
 * purpose; periodic cases include points outside the box.
 */
public final class NeighborCases {
    /** Dimensions, point and query counts, radius, and the periodic box side (0 for open). */
    private record Plan(int dims, int n, int m, double radius, double box, boolean selfQuery) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan(1, 40, 17, 0.25, 0, false),
            new Plan(1, 33, 33, 0.5, 4, true),
            new Plan(2, 120, 31, 0.5, 0, false),
            new Plan(2, 150, 150, 0.375, 0, true),
            new Plan(2, 120, 29, 0.5, 4, false),
            new Plan(2, 65, 13, 0.3, 3, false),
            new Plan(3, 200, 33, 0.75, 0, false),
            new Plan(3, 160, 160, 0.5, 4, true),
            new Plan(2, 0, 7, 0.5, 0, false),
            new Plan(2, 7, 0, 0.5, 4, false),
            new Plan(3, 1, 1, 0.25, 0, true));

    private NeighborCases() {
    }

    /** All neighbour-search cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (DType dtype : Shapes.FLOATS) {
            for (Plan p : PLANS) {
                String name = "radiusNeighbors " + dtype.label() + " " + p.dims() + "-D " + p.n() + " points "
                        + (p.selfQuery() ? "queried by themselves" : p.m() + " queries") + " radius " + p.radius()
                        + (p.box() > 0 ? " periodic box " + p.box() : "");
                RandomInputs r = new RandomInputs(name);
                double extent = p.box() > 0 ? p.box() : 4;
                // Periodic points may lie up to half a box outside it; open ones spread over [-1, extent).
                double lo = p.box() > 0 ? -extent / 2 : -1;
                double hi = p.box() > 0 ? extent * 1.5 : extent;
                HostArray points = r.dyadic(dtype, new int[] {p.n(), p.dims()}, 64, lo, hi);
                double[] box = null;
                if (p.box() > 0) {
                    box = new double[p.dims()];
                    Arrays.fill(box, p.box());
                }
                double[] periodic = box;
                if (p.selfQuery()) {
                    out.add(Case.many("neighbors", "radiusNeighbors", name, Tolerance.EXACT,
                            (b, in) -> graph(periodic == null ? in[0].radiusNeighbors(in[0], p.radius())
                                    : in[0].radiusNeighbors(in[0], p.radius(), periodic)), points));
                } else {
                    HostArray queries = r.dyadic(dtype, new int[] {p.m(), p.dims()}, 64, lo, hi);
                    out.add(Case.many("neighbors", "radiusNeighbors", name, Tolerance.EXACT,
                            (b, in) -> graph(periodic == null ? in[0].radiusNeighbors(in[1], p.radius())
                                    : in[0].radiusNeighbors(in[1], p.radius(), periodic)), points, queries));
                }
            }
        }
        return out;
    }

    private static List<dev.adjoint.api.Tensor> graph(NeighborGraph g) {
        return List.of(g.rowOffsets(), g.columns());
    }
}
