package dev.adjoint.api.conformance;

import dev.adjoint.api.Boundary;
import dev.adjoint.api.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conformance cases of multilinear grid sampling ({@code sample}, kernel {@code gridSample}) and its adjoint
 * ({@code sampleAdjoint}, kernel {@code gridSampleAdjoint}) in 1-3 dimensions, unbatched and batched, for
 * every {@link Boundary} and mixed per-axis boundaries, in both float dtypes. Points fall inside, on nodes,
 * on the last node, and outside the grid on both sides (by more than a period, for PERIODIC).
 */
public final class SamplingCases {
    /** Grid spatial size, channels, batch (0 for unbatched) and number of points. */
    private record Plan(int[] size, int channels, int batch, int points) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan(new int[] {9}, 2, 0, 17),
            new Plan(new int[] {5, 7}, 3, 0, 33),
            new Plan(new int[] {4, 5, 6}, 2, 0, 13),
            new Plan(new int[] {8}, 2, 3, 5),
            new Plan(new int[] {6, 5}, 1, 2, 19),
            new Plan(new int[] {3, 4, 5}, 1, 2, 7),
            new Plan(new int[] {1, 6}, 2, 0, 9),
            new Plan(new int[] {5, 7}, 3, 0, 0));

    private SamplingCases() {
    }

    /** All sampling cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (DType dtype : Shapes.FLOATS) {
            for (Plan p : PLANS) {
                List<Boundary[]> boundaries = new ArrayList<>();
                for (Boundary b : Boundary.values()) {
                    boundaries.add(new Boundary[] {b});
                }
                if (p.size().length >= 2) {
                    Boundary[] mixed = new Boundary[p.size().length];
                    for (int d = 0; d < mixed.length; d++) {
                        mixed[d] = Boundary.values()[(d + 2) % 3];
                    }
                    boundaries.add(mixed);
                }
                for (Boundary[] bounds : boundaries) {
                    add(out, dtype, p, bounds);
                }
            }
        }
        return out;
    }

    private static void add(List<Case> out, DType dtype, Plan p, Boundary[] bounds) {
        int dims = p.size().length;
        boolean batched = p.batch() > 0;
        String layout = (batched ? "batch " + p.batch() + " " : "") + "grid " + Arrays.toString(p.size()) + "x"
                + p.channels() + " at " + p.points() + " points " + Arrays.toString(bounds);
        int[] gridShape = concat(batched ? new int[] {p.batch()} : new int[0], p.size(), new int[] {p.channels()});
        int[] pointShape = batched ? new int[] {p.batch(), p.points(), dims} : new int[] {p.points(), dims};
        int[] valueShape = batched ? new int[] {p.batch(), p.points(), p.channels()} : new int[] {p.points(), p.channels()};
        long corners = 1L << dims;

        String name = "sample " + dtype.label() + " " + layout;
        RandomInputs r = new RandomInputs(name);
        HostArray grid = r.uniform(dtype, gridShape, -1, 1);
        HostArray points = points(dtype, pointShape, p.size(), r);
        Tolerance tol = Tolerance.reduction(dtype, corners, 1).max(coordinateTolerance(dtype, p.size()));
        out.add(Case.of("sampling", "sample", name, tol, in -> in[0].sample(in[1], bounds), grid, points));

        String aname = "sampleAdjoint " + dtype.label() + " " + layout;
        RandomInputs ra = new RandomInputs(aname);
        HostArray values = ra.uniform(dtype, valueShape, -1, 1);
        HostArray apoints = points(dtype, pointShape, p.size(), ra);
        Tolerance atol = Tolerance.reduction(dtype, Math.max(1, p.points()) * corners, 1)
                .max(coordinateTolerance(dtype, p.size()));
        int[] size = p.size();
        out.add(Case.of("sampling", "sampleAdjoint", aname, atol, in -> in[0].sampleAdjoint(in[1], size, bounds),
                values, apoints));
    }

    /**
     * Float32 interpolation weights carry rounding relative to the coordinate's magnitude (up to about twice
     * the grid size here), which shows up absolutely in the result.
     */
    private static Tolerance coordinateTolerance(DType dtype, int[] size) {
        int max = Arrays.stream(size).max().orElse(1);
        return dtype == DType.FLOAT32 ? new Tolerance(0, 4e-7 * 4 * (max + 3)) : new Tolerance(0, 1e-15 * 4 * (max + 3));
    }

    /**
     * Points mostly in {@code [-2, size + 1]} per axis; every fourth coordinate sits exactly on a node
     * (including {@code 0} and {@code size - 1}), and a few lie more than a period outside.
     */
    private static HostArray points(DType dtype, int[] shape, int[] size, RandomInputs r) {
        int dims = size.length;
        double[] v = new double[sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            int n = size[i % dims];
            int kind = r.nextInt(0, 8);
            if (kind < 2) {
                v[i] = r.nextInt(0, n);
            } else if (kind == 2) {
                v[i] = n - 1;
            } else if (kind == 3) {
                v[i] = r.nextDouble() < 0.5 ? -n - 1.5 * r.nextDouble() : 2 * n + 1.5 * r.nextDouble();
            } else {
                v[i] = -2 + r.nextDouble() * (n + 3);
            }
        }
        return HostArray.exact(dtype, v, shape);
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int k = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }
}
