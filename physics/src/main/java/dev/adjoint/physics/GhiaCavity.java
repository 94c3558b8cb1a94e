package dev.adjoint.physics;

/**
 * The lid-driven cavity reference of Ghia, Ghia &amp; Shin (J. Comput. Phys. 48, 1982, 387–411): u along the
 * vertical centreline x = 0.5 and v along the horizontal centreline y = 0.5 of the unit square with the lid
 * y = 1 moving at u = 1, for Re = 100 and Re = 1000, and the comparison of a staggered velocity with them on
 * the staggered grid itself (linear interpolation between faces, the wall values at the ends).
 */
public final class GhiaCavity {
    /** The y coordinates of the u table. */
    public static final double[] Y = {1.0000, 0.9766, 0.9688, 0.9609, 0.9531, 0.8516, 0.7344, 0.6172, 0.5000,
        0.4531, 0.2813, 0.1719, 0.1016, 0.0703, 0.0625, 0.0547, 0.0000};
    /** u(0.5, y) at Re = 100. */
    public static final double[] U_RE100 = {1.00000, 0.84123, 0.78871, 0.73722, 0.68717, 0.23151, 0.00332,
        -0.13641, -0.20581, -0.21090, -0.15662, -0.10150, -0.06434, -0.04775, -0.04192, -0.03717, 0.00000};
    /** u(0.5, y) at Re = 1000. */
    public static final double[] U_RE1000 = {1.00000, 0.65928, 0.57492, 0.51117, 0.46604, 0.33304, 0.18719,
        0.05702, -0.06080, -0.10648, -0.27805, -0.38289, -0.29730, -0.22220, -0.20196, -0.18109, 0.00000};
    /** The x coordinates of the v table. */
    public static final double[] X = {1.0000, 0.9688, 0.9609, 0.9531, 0.9453, 0.9063, 0.8594, 0.8047, 0.5000,
        0.2344, 0.2266, 0.1563, 0.0938, 0.0781, 0.0703, 0.0625, 0.0000};
    /** v(x, 0.5) at Re = 100. */
    public static final double[] V_RE100 = {0.00000, -0.05906, -0.07391, -0.08864, -0.10313, -0.16914, -0.22445,
        -0.24533, 0.05454, 0.17527, 0.17507, 0.16077, 0.12317, 0.10890, 0.10091, 0.09233, 0.00000};
    /** v(x, 0.5) at Re = 1000. */
    public static final double[] V_RE1000 = {0.00000, -0.21388, -0.27669, -0.33714, -0.39188, -0.51550,
        -0.42665, -0.31966, 0.02526, 0.32235, 0.33075, 0.37095, 0.32627, 0.30353, 0.29012, 0.27485, 0.00000};

    /** A simulated velocity against the table: values at the table points and the largest deviations. */
    public record Comparison(int re, double[] u, double[] v, double maxErrorU, double maxErrorV) {
        /** The larger of the two maximum deviations. */
        public double maxError() {
            return Math.max(maxErrorU, maxErrorV);
        }
    }

    private GhiaCavity() {
    }

    /** The u table for {@code re} (100 or 1000). */
    public static double[] uTable(int re) {
        return switch (re) {
            case 100 -> U_RE100.clone();
            case 1000 -> U_RE1000.clone();
            default -> throw unknown(re);
        };
    }

    /** The v table for {@code re} (100 or 1000). */
    public static double[] vTable(int re) {
        return switch (re) {
            case 100 -> V_RE100.clone();
            case 1000 -> V_RE1000.clone();
            default -> throw unknown(re);
        };
    }

    private static IllegalArgumentException unknown(int re) {
        return new IllegalArgumentException("GhiaCavity: no table for Re = " + re + "; expected 100 or 1000");
    }

    /**
     * Compares batch entry 0 of a 2-D staggered velocity on the unit square (an even number of cells per axis,
     * lid speed 1) with the table for {@code re}.
     */
    public static Comparison compare(StaggeredGrid velocity, int re) {
        double[] uRef = uTable(re);
        double[] vRef = vTable(re);
        UniformGrid g = velocity.grid();
        if (g.dims() != 2 || g.resolution(0) % 2 != 0 || g.resolution(1) % 2 != 0 || g.lower(0) != 0
                || g.lower(1) != 0 || g.upper(0) != 1 || g.upper(1) != 1 || velocity.boundaries().isPeriodic(0)
                || velocity.boundaries().isPeriodic(1)) {
            throw new IllegalArgumentException("GhiaCavity.compare: field '" + velocity.name() + "' lives on " + g
                    + " with " + velocity.boundaries() + "; expected the walled unit square with an even number of"
                    + " cells per axis");
        }
        int nx = g.resolution(0);
        int ny = g.resolution(1);
        // u[i, j] at (i dx, (j + 1/2) dy); the centreline x = 0.5 is i = nx / 2.
        double[] uAll = velocity.component(0).select(0, 0).toDoubleArray();
        double[] uLine = new double[ny + 2];
        double[] uPos = new double[ny + 2];
        uPos[0] = 0;
        uLine[0] = 0;
        for (int j = 0; j < ny; j++) {
            uPos[j + 1] = (j + 0.5) / ny;
            uLine[j + 1] = uAll[(nx / 2) * ny + j];
        }
        uPos[ny + 1] = 1;
        uLine[ny + 1] = 1;
        // v[i, j] at ((i + 1/2) dx, j dy); the centreline y = 0.5 is j = ny / 2.
        double[] vAll = velocity.component(1).select(0, 0).toDoubleArray();
        double[] vLine = new double[nx + 2];
        double[] vPos = new double[nx + 2];
        for (int i = 0; i < nx; i++) {
            vPos[i + 1] = (i + 0.5) / nx;
            vLine[i + 1] = vAll[i * (ny + 1) + ny / 2];
        }
        vPos[nx + 1] = 1;
        double[] u = new double[Y.length];
        double[] v = new double[X.length];
        double eu = 0;
        double ev = 0;
        for (int k = 0; k < Y.length; k++) {
            u[k] = interpolate(uPos, uLine, Y[k]);
            eu = Math.max(eu, Math.abs(u[k] - uRef[k]));
        }
        for (int k = 0; k < X.length; k++) {
            v[k] = interpolate(vPos, vLine, X[k]);
            ev = Math.max(ev, Math.abs(v[k] - vRef[k]));
        }
        return new Comparison(re, u, v, eu, ev);
    }

    private static double interpolate(double[] pos, double[] val, double x) {
        for (int i = 0; i < pos.length - 1; i++) {
            if (x >= pos[i] && x <= pos[i + 1]) {
                double t = (x - pos[i]) / (pos[i + 1] - pos[i]);
                return val[i] + t * (val[i + 1] - val[i]);
            }
        }
        throw new IllegalArgumentException("interpolate: " + x + " outside [" + pos[0] + ", " + pos[pos.length - 1]
                + "]");
    }
}
