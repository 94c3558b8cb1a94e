package dev.adjoint.api.reference;

import dev.adjoint.api.Boundary;
import dev.adjoint.api.DType;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.SampleSpec;
import java.util.Arrays;

/**
 * Multilinear interpolation of a grid {@code [batch, size..., channels]} at points {@code [batch, n, dims]}
 * (index coordinates) and its exact transpose.
 *
 * <p>Per axis, a coordinate {@code x} reads nodes {@code i0 = floor(x)} and {@code i0 + 1} with weights
 * {@code 1 - t} and {@code t}, {@code t = x - i0}, after the axis's boundary rule: ZERO drops nodes outside
 * {@code [0, size - 1]}; CLAMP first clamps {@code x} to {@code [0, size - 1]}; PERIODIC wraps nodes modulo
 * the size. A point with a NaN coordinate (or an infinite one on a PERIODIC axis) samples NaN and is dropped
 * by the adjoint. Sums are accumulated in double; the adjoint scatters in point order, so it is
 * deterministic.
 */
final class SampleKernels {
    private SampleKernels() {
    }

    /** {@code out[b, p, c] = sum over corners of weight * grid[b, corner, c]}. */
    static HeapStorage sample(HeapStorage grid, HeapStorage points, SampleSpec spec) {
        double[] g = toDoubles(grid);
        double[] pts = toDoubles(points);
        int dims = spec.dims();
        int channels = spec.channels();
        int gridPerBatch = gridPerBatch(spec);
        double[] out = new double[spec.batch() * spec.points() * channels];
        Stencil st = new Stencil(dims);
        for (int b = 0; b < spec.batch(); b++) {
            for (int p = 0; p < spec.points(); p++) {
                int row = b * spec.points() + p;
                int outBase = row * channels;
                if (!st.locate(pts, row * dims, spec)) {
                    Arrays.fill(out, outBase, outBase + channels, Double.NaN);
                    continue;
                }
                for (int corner = 0; corner < st.corners; corner++) {
                    double w = st.weight(corner);
                    if (w == 0.0) {
                        continue;
                    }
                    int gBase = b * gridPerBatch + st.offset(corner, spec.size()) * channels;
                    for (int c = 0; c < channels; c++) {
                        out[outBase + c] += w * g[gBase + c];
                    }
                }
            }
        }
        return fromDoubles(out, grid.dtype());
    }

    /** The transpose of {@link #sample}: {@code grid[b, corner, c] += weight * values[b, p, c]}. */
    static HeapStorage sampleAdjoint(HeapStorage values, HeapStorage points, SampleSpec spec) {
        double[] v = toDoubles(values);
        double[] pts = toDoubles(points);
        int dims = spec.dims();
        int channels = spec.channels();
        int gridPerBatch = gridPerBatch(spec);
        double[] out = new double[spec.batch() * gridPerBatch];
        Stencil st = new Stencil(dims);
        for (int b = 0; b < spec.batch(); b++) {
            for (int p = 0; p < spec.points(); p++) {
                int row = b * spec.points() + p;
                int vBase = row * channels;
                if (!st.locate(pts, row * dims, spec)) {
                    continue;
                }
                for (int corner = 0; corner < st.corners; corner++) {
                    double w = st.weight(corner);
                    if (w == 0.0) {
                        continue;
                    }
                    int gBase = b * gridPerBatch + st.offset(corner, spec.size()) * channels;
                    for (int c = 0; c < channels; c++) {
                        out[gBase + c] += w * v[vBase + c];
                    }
                }
            }
        }
        return fromDoubles(out, values.dtype());
    }

    private static int gridPerBatch(SampleSpec spec) {
        int n = spec.channels();
        for (int s : spec.size()) {
            n *= s;
        }
        return n;
    }

    /**
     * The two nodes and weights per axis for one point; corner {@code k} takes node {@code (k >> d) & 1}
     * on axis {@code d}. A dropped node (ZERO boundary, outside the grid) has weight zero and index 0.
     */
    private static final class Stencil {
        final int dims;
        final int corners;
        final int[] lo;
        final int[] hi;
        final double[] wLo;
        final double[] wHi;

        Stencil(int dims) {
            this.dims = dims;
            this.corners = 1 << dims;
            this.lo = new int[dims];
            this.hi = new int[dims];
            this.wLo = new double[dims];
            this.wHi = new double[dims];
        }

        /** Fills the nodes for the point at {@code pts[at..at+dims)}; false when the point samples NaN. */
        boolean locate(double[] pts, int at, SampleSpec spec) {
            for (int d = 0; d < dims; d++) {
                if (!axis(d, pts[at + d], spec.size()[d], spec.boundary()[d])) {
                    return false;
                }
            }
            return true;
        }

        private boolean axis(int d, double x, int size, Boundary boundary) {
            if (Double.isNaN(x)) {
                return false;
            }
            switch (boundary) {
                case ZERO -> {
                    if (!(x > -1.0 && x < size)) {
                        set(d, 0, 0, 0.0, 0.0);
                        return true;
                    }
                    int i0 = (int) Math.floor(x);
                    double t = x - i0;
                    boolean in0 = i0 >= 0;
                    boolean in1 = i0 + 1 <= size - 1;
                    set(d, in0 ? i0 : 0, in1 ? i0 + 1 : 0, in0 ? 1.0 - t : 0.0, in1 ? t : 0.0);
                }
                case CLAMP -> {
                    double c = Math.min(Math.max(x, 0.0), size - 1.0);
                    int i0 = (int) Math.floor(c);
                    double t = c - i0;
                    set(d, i0, Math.min(i0 + 1, size - 1), 1.0 - t, t);
                }
                case PERIODIC -> {
                    if (Double.isInfinite(x)) {
                        return false;
                    }
                    double w = x - size * Math.floor(x / size);
                    double f = Math.floor(w);
                    double t = w - f;
                    int i0 = (int) Math.floorMod((long) f, (long) size);
                    set(d, i0, (i0 + 1) % size, 1.0 - t, t);
                }
            }
            return true;
        }

        private void set(int d, int i0, int i1, double w0, double w1) {
            lo[d] = i0;
            hi[d] = i1;
            wLo[d] = w0;
            wHi[d] = w1;
        }

        double weight(int corner) {
            double w = 1.0;
            for (int d = 0; d < dims; d++) {
                w *= ((corner >> d) & 1) == 0 ? wLo[d] : wHi[d];
            }
            return w;
        }

        /** The flat spatial index of a corner in a row-major grid of the given sizes. */
        int offset(int corner, int[] size) {
            int off = 0;
            for (int d = 0; d < dims; d++) {
                off = off * size[d] + (((corner >> d) & 1) == 0 ? lo[d] : hi[d]);
            }
            return off;
        }
    }

    private static double[] toDoubles(HeapStorage s) {
        if (s.dtype() == DType.FLOAT64) {
            return s.f64();
        }
        float[] f = s.f32();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static HeapStorage fromDoubles(double[] d, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return HeapStorage.of(d);
        }
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return HeapStorage.of(f);
    }
}
