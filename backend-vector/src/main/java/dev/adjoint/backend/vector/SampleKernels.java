package dev.adjoint.backend.vector;

import dev.adjoint.api.Boundary;
import dev.adjoint.api.DType;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.SampleSpec;
import java.util.Arrays;

/**
 * Multilinear interpolation of a grid {@code [batch, size..., channels]} at points {@code [batch, n, dims]}
 * (index coordinates) and its exact transpose, for the vector backend.
 *
 * <p>The rules are the reference backend's, operation for operation, so results match it bit for bit: per
 * axis a coordinate {@code x} reads nodes {@code floor(x)} and {@code floor(x) + 1} with weights {@code 1 - t}
 * and {@code t} after the boundary rule (ZERO drops nodes outside the grid, CLAMP clamps {@code x}, PERIODIC
 * wraps nodes); a point with a NaN coordinate, or an infinite one on a PERIODIC axis, samples NaN and is
 * dropped by the adjoint; corners of weight zero are skipped; sums are accumulated in double.
 *
 * <p>Sampling runs in parallel over points, with SIMD over channels. The adjoint splits every batch's grid
 * into slabs along the first spatial axis; each slab is filled by one task that walks the points in order,
 * so every grid cell receives its contributions in point order whatever the number of threads.
 */
final class SampleKernels {
    /** Multiply-adds each parallel task should do at least. */
    private static final int GRAIN_WORK = 1 << 14;

    private SampleKernels() {
    }

    /** {@code out[b, p, c] = sum over corners of weight * grid[b, corner, c]}. */
    static HeapStorage sample(HeapStorage grid, HeapStorage points, SampleSpec spec) {
        int channels = spec.channels();
        int rows = spec.batch() * spec.points();
        HeapStorage out = HeapStorage.zeros(grid.dtype(), rows * channels);
        if (rows * channels == 0) {
            return out;
        }
        int gridPerBatch = gridPerBatch(spec);
        int perRow = channels << spec.dims();
        Parallel.forRange(rows, Math.max(1, GRAIN_WORK / perRow), (from, to) -> {
            Stencil st = new Stencil(spec, points);
            if (grid.dtype() == DType.FLOAT64) {
                sampleRows(grid.f64(), out.f64(), st, spec, gridPerBatch, from, to);
            } else {
                sampleRows(grid.f32(), out.f32(), st, spec, gridPerBatch, from, to);
            }
        });
        return out;
    }

    private static void sampleRows(double[] g, double[] out, Stencil st, SampleSpec spec, int gridPerBatch,
            int from, int to) {
        int channels = spec.channels();
        int points = spec.points();
        int gBase = (from / points) * gridPerBatch;
        int nextBatch = (from / points + 1) * points;
        for (int row = from; row < to; row++) {
            if (row == nextBatch) {
                gBase += gridPerBatch;
                nextBatch += points;
            }
            int outBase = row * channels;
            if (!st.locate(row)) {
                Arrays.fill(out, outBase, outBase + channels, Double.NaN);
                continue;
            }
            if (channels == 1) {
                out[outBase] = st.dot(g, gBase);
            } else {
                int n = st.corners();
                for (int k = 0; k < n; k++) {
                    Rows.axpy(out, outBase, st.w[k], g, gBase + st.at[k] * channels, channels);
                }
            }
        }
    }

    private static void sampleRows(float[] g, float[] out, Stencil st, SampleSpec spec, int gridPerBatch,
            int from, int to) {
        int channels = spec.channels();
        double[] acc = new double[channels];
        int points = spec.points();
        int gBase = (from / points) * gridPerBatch;
        int nextBatch = (from / points + 1) * points;
        for (int row = from; row < to; row++) {
            if (row == nextBatch) {
                gBase += gridPerBatch;
                nextBatch += points;
            }
            int outBase = row * channels;
            if (!st.locate(row)) {
                Arrays.fill(out, outBase, outBase + channels, Float.NaN);
                continue;
            }
            if (channels == 1) {
                out[outBase] = (float) st.dot(g, gBase);
            } else {
                int n = st.corners();
                Arrays.fill(acc, 0.0);
                for (int k = 0; k < n; k++) {
                    Rows.axpyWidened(acc, 0, st.w[k], g, gBase + st.at[k] * channels, channels);
                }
                Rows.narrow(acc, 0, out, outBase, channels);
            }
        }
    }

    /** The transpose of {@link #sample}: {@code grid[b, corner, c] += weight * values[b, p, c]}. */
    static HeapStorage sampleAdjoint(HeapStorage values, HeapStorage points, SampleSpec spec) {
        int channels = spec.channels();
        int gridPerBatch = gridPerBatch(spec);
        int total = spec.batch() * gridPerBatch;
        int rows = spec.batch() * spec.points();
        boolean f64 = values.dtype() == DType.FLOAT64;
        HeapStorage out = HeapStorage.zeros(values.dtype(), total);
        if (total == 0 || rows == 0) {
            return out;
        }
        double[] acc = f64 ? out.f64() : new double[total];
        int first = spec.size()[0];
        long work = (long) rows * (channels << spec.dims());
        int slabs = work < GRAIN_WORK || Parallel.threads() == 1 ? 1
                : Math.min(first, (4 * Parallel.threads() + spec.batch() - 1) / spec.batch());
        if (slabs == 1) {
            Parallel.forRange(spec.batch(), 1, (from, to) -> {
                Stencil st = new Stencil(spec, points);
                for (int b = from; b < to; b++) {
                    spread(values, acc, st, spec, b * gridPerBatch, 0, first, null, b * spec.points(),
                            (b + 1) * spec.points());
                }
            });
        } else {
            Buckets buckets = Buckets.of(points, spec, rows, slabs);
            Parallel.forRange(spec.batch() * slabs, 1, (from, to) -> {
                Stencil st = new Stencil(spec, points);
                for (int key = from; key < to; key++) {
                    int s = key % slabs;
                    spread(values, acc, st, spec, (key / slabs) * gridPerBatch, buckets.slabStart(s),
                            buckets.slabStart(s + 1),
                            buckets.rows, buckets.start[key], buckets.start[key + 1]);
                }
            });
        }
        if (!f64) {
            float[] o = out.f32();
            Parallel.forRange(total, 1 << 16, (from, to) -> Rows.narrow(acc, from, o, from, to - from));
        }
        return out;
    }

    /**
     * Adds, in order, the contributions of a run of points of one batch, whose grid starts at {@code gBatch}, to
     * the grid cells whose first-axis node lies in {@code [lo, hi)}: the points {@code list[from..to)}, or the rows {@code from..to-1} when
     * {@code list} is null.
     */
    private static void spread(HeapStorage values, double[] acc, Stencil st, SampleSpec spec, int gBatch,
            int lo, int hi, int[] list, int from, int to) {
        int channels = spec.channels();
        double[] v64 = values.dtype() == DType.FLOAT64 ? values.f64() : null;
        float[] v32 = v64 == null ? values.f32() : null;
        for (int i = from; i < to; i++) {
            int row = list == null ? i : list[i];
            if (!st.locate(row)) {
                continue;
            }
            int vBase = row * channels;
            if (channels == 1) {
                st.spread(acc, gBatch, v64 != null ? v64[vBase] : v32[vBase], lo, hi);
                continue;
            }
            int n = st.corners();
            for (int k = 0; k < n; k++) {
                if (st.node[k] < lo || st.node[k] >= hi) {
                    continue;
                }
                int gBase = gBatch + st.at[k] * channels;
                if (v64 != null) {
                    Rows.axpy(acc, gBase, st.w[k], v64, vBase, channels);
                } else {
                    Rows.axpyWidened(acc, gBase, st.w[k], v32, vBase, channels);
                }
            }
        }
    }

    /**
     * The points of each (batch, slab) pair, a slab being a range of nodes on the first spatial axis: a point is
     * listed under every slab holding one of its two first-axis nodes of nonzero weight, in point order.
     * Built by a parallel counting sort over fixed chunks of points.
     */
    private static final class Buckets {
        private static final int CHUNK = 1 << 14;
        final int slabs;
        final int first;
        /** Row numbers grouped by key {@code batch * slabs + slab}; key k's run is {@code start[k]..start[k+1]}. */
        final int[] rows;
        final int[] start;

        private Buckets(int slabs, int first, int[] rows, int[] start) {
            this.slabs = slabs;
            this.first = first;
            this.rows = rows;
            this.start = start;
        }

        /** The first node of slab {@code s}. */
        int slabStart(int s) {
            return (int) ((long) s * first / slabs);
        }

        static Buckets of(HeapStorage points, SampleSpec spec, int rows, int slabs) {
            int first = spec.size()[0];
            int[] slabOf = new int[first];
            for (int s = 0; s < slabs; s++) {
                for (int node = (int) ((long) s * first / slabs); node < (long) (s + 1) * first / slabs; node++) {
                    slabOf[node] = s;
                }
            }
            int keys = spec.batch() * slabs;
            int chunks = Parallel.chunkCount(rows, CHUNK);
            // per row its (up to) two keys, -1 for none; per chunk and key a count, then a write position
            int[] rowKeys = new int[2 * rows];
            int[] counts = new int[chunks * keys];
            Parallel.forRange(rows, CHUNK, (from, to) -> {
                Stencil st = new Stencil(spec, points);
                int c = from / CHUNK;
                int base = (from / spec.points()) * slabs;
                int nextBatch = (from / spec.points() + 1) * spec.points();
                for (int row = from; row < to; row++) {
                    if (row == nextBatch) {
                        base += slabs;
                        nextBatch += spec.points();
                    }
                    int k0 = -1;
                    int k1 = -1;
                    if (st.locate(row)) {
                        k0 = st.wLo[0] != 0.0 ? base + slabOf[st.lo[0]] : -1;
                        k1 = st.wHi[0] != 0.0 ? base + slabOf[st.hi[0]] : -1;
                        if (k1 == k0) {
                            k1 = -1;
                        }
                    }
                    rowKeys[2 * row] = k0;
                    rowKeys[2 * row + 1] = k1;
                    if (k0 >= 0) {
                        counts[c * keys + k0]++;
                    }
                    if (k1 >= 0) {
                        counts[c * keys + k1]++;
                    }
                }
            });
            int[] start = new int[keys + 1];
            int total = 0;
            for (int k = 0; k < keys; k++) {
                start[k] = total;
                for (int c = 0; c < chunks; c++) {
                    int n = counts[c * keys + k];
                    counts[c * keys + k] = total;
                    total += n;
                }
            }
            start[keys] = total;
            int[] list = new int[total];
            Parallel.forRange(rows, CHUNK, (from, to) -> {
                int c = from / CHUNK;
                for (int row = from; row < to; row++) {
                    for (int j = 0; j < 2; j++) {
                        int k = rowKeys[2 * row + j];
                        if (k >= 0) {
                            list[counts[c * keys + k]++] = row;
                        }
                    }
                }
            });
            return new Buckets(slabs, first, list, start);
        }
    }

    private static int gridPerBatch(SampleSpec spec) {
        int n = spec.channels();
        for (int s : spec.size()) {
            n *= s;
        }
        return n;
    }

    /**
     * The two nodes and weights per axis for one point, and from them the corners of nonzero weight. Corner
     * {@code k} of the full stencil takes node {@code (k >> d) & 1} on axis {@code d}; {@link #corners()} keeps
     * the nonzero ones in that order. One per task: it holds scratch state.
     */
    private static final class Stencil {
        final int dims;
        final int[] size;
        final Boundary[] boundary;
        final double[] p64;
        final float[] p32;
        final int[] lo;
        final int[] hi;
        final double[] wLo;
        final double[] wHi;
        /** Weight, flat spatial index and first-axis node of the nonzero corners. */
        final double[] w;
        final int[] at;
        final int[] node;
        private int count;

        Stencil(SampleSpec spec, HeapStorage points) {
            this.dims = spec.dims();
            this.size = spec.size();
            this.boundary = spec.boundary();
            this.p64 = points.dtype() == DType.FLOAT64 ? points.f64() : null;
            this.p32 = points.dtype() == DType.FLOAT64 ? null : points.f32();
            this.lo = new int[dims];
            this.hi = new int[dims];
            this.wLo = new double[dims];
            this.wHi = new double[dims];
            this.w = new double[1 << dims];
            this.at = new int[1 << dims];
            this.node = new int[1 << dims];
        }

        /** Fills the nodes of point {@code row}; false when the point samples NaN. */
        boolean locate(int row) {
            int base = row * dims;
            for (int d = 0; d < dims; d++) {
                double x = p64 != null ? p64[base + d] : p32[base + d];
                if (!axis(d, x, size[d], boundary[d])) {
                    return false;
                }
            }
            return true;
        }

        private boolean axis(int d, double x, int n, Boundary rule) {
            if (Double.isNaN(x)) {
                return false;
            }
            switch (rule) {
                case ZERO -> {
                    if (!(x > -1.0 && x < n)) {
                        set(d, 0, 0, 0.0, 0.0);
                        return true;
                    }
                    int i0 = (int) Math.floor(x);
                    double t = x - i0;
                    boolean in0 = i0 >= 0;
                    boolean in1 = i0 + 1 <= n - 1;
                    set(d, in0 ? i0 : 0, in1 ? i0 + 1 : 0, in0 ? 1.0 - t : 0.0, in1 ? t : 0.0);
                }
                case CLAMP -> {
                    double c = Math.min(Math.max(x, 0.0), n - 1.0);
                    int i0 = (int) Math.floor(c);
                    double t = c - i0;
                    set(d, i0, Math.min(i0 + 1, n - 1), 1.0 - t, t);
                }
                case PERIODIC -> {
                    if (Double.isInfinite(x)) {
                        return false;
                    }
                    double wrapped = x - n * Math.floor(x / n);
                    double f = Math.floor(wrapped);
                    double t = wrapped - f;
                    int i0 = (int) Math.floorMod((long) f, (long) n);
                    set(d, i0, (i0 + 1) % n, 1.0 - t, t);
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

        /**
         * Fills {@link #w}, {@link #at} and {@link #node} with the corners of nonzero weight; returns their count.
         * A corner's weight is {@code (w_0 * w_1) * w_2} and its index {@code (n_0 * size_1 + n_1) * size_2 + n_2},
         * both in the reference's order of operations.
         */
        int corners() {
            count = 0;
            switch (dims) {
                case 1 -> {
                    put(wLo[0], lo[0], lo[0]);
                    put(wHi[0], hi[0], hi[0]);
                }
                case 2 -> corners2();
                default -> corners3();
            }
            return count;
        }

        private void corners2() {
            int r0 = lo[0] * size[1];
            int r1 = hi[0] * size[1];
            put(wLo[0] * wLo[1], r0 + lo[1], lo[0]);
            put(wHi[0] * wLo[1], r1 + lo[1], hi[0]);
            put(wLo[0] * wHi[1], r0 + hi[1], lo[0]);
            put(wHi[0] * wHi[1], r1 + hi[1], hi[0]);
        }

        private void corners3() {
            for (int corner = 0; corner < 8; corner++) {
                boolean low0 = (corner & 1) == 0;
                boolean low1 = (corner & 2) == 0;
                boolean low2 = (corner & 4) == 0;
                double weight = (low0 ? wLo[0] : wHi[0]) * (low1 ? wLo[1] : wHi[1]) * (low2 ? wLo[2] : wHi[2]);
                int n0 = low0 ? lo[0] : hi[0];
                int off = (n0 * size[1] + (low1 ? lo[1] : hi[1])) * size[2] + (low2 ? lo[2] : hi[2]);
                put(weight, off, n0);
            }
        }

        /** {@code sum over corners of weight * g[base + corner]}, corners in order, zero weights skipped. */
        double dot(double[] g, int base) {
            double sum = 0.0;
            switch (dims) {
                case 1 -> {
                    if (wLo[0] != 0.0) {
                        sum += wLo[0] * g[base + lo[0]];
                    }
                    if (wHi[0] != 0.0) {
                        sum += wHi[0] * g[base + hi[0]];
                    }
                }
                case 2 -> {
                    int r0 = base + lo[0] * size[1];
                    int r1 = base + hi[0] * size[1];
                    double w;
                    if ((w = wLo[0] * wLo[1]) != 0.0) {
                        sum += w * g[r0 + lo[1]];
                    }
                    if ((w = wHi[0] * wLo[1]) != 0.0) {
                        sum += w * g[r1 + lo[1]];
                    }
                    if ((w = wLo[0] * wHi[1]) != 0.0) {
                        sum += w * g[r0 + hi[1]];
                    }
                    if ((w = wHi[0] * wHi[1]) != 0.0) {
                        sum += w * g[r1 + hi[1]];
                    }
                }
                default -> {
                    int n = corners();
                    for (int k = 0; k < n; k++) {
                        sum += w[k] * g[base + at[k]];
                    }
                }
            }
            return sum;
        }

        /** {@link #dot(double[], int)} of a FLOAT32 grid, in double. */
        double dot(float[] g, int base) {
            double sum = 0.0;
            switch (dims) {
                case 1 -> {
                    if (wLo[0] != 0.0) {
                        sum += wLo[0] * g[base + lo[0]];
                    }
                    if (wHi[0] != 0.0) {
                        sum += wHi[0] * g[base + hi[0]];
                    }
                }
                case 2 -> {
                    int r0 = base + lo[0] * size[1];
                    int r1 = base + hi[0] * size[1];
                    double w;
                    if ((w = wLo[0] * wLo[1]) != 0.0) {
                        sum += w * g[r0 + lo[1]];
                    }
                    if ((w = wHi[0] * wLo[1]) != 0.0) {
                        sum += w * g[r1 + lo[1]];
                    }
                    if ((w = wLo[0] * wHi[1]) != 0.0) {
                        sum += w * g[r0 + hi[1]];
                    }
                    if ((w = wHi[0] * wHi[1]) != 0.0) {
                        sum += w * g[r1 + hi[1]];
                    }
                }
                default -> {
                    int n = corners();
                    for (int k = 0; k < n; k++) {
                        sum += w[k] * g[base + at[k]];
                    }
                }
            }
            return sum;
        }

        /**
         * {@code acc[base + corner] += weight * v} for the corners of nonzero weight whose first-axis node lies in
         * {@code [from, to)}, in corner order.
         */
        void spread(double[] acc, int base, double v, int from, int to) {
            boolean in0 = lo[0] >= from && lo[0] < to;
            boolean in1 = hi[0] >= from && hi[0] < to;
            if (dims == 2) {
                int r0 = base + lo[0] * size[1];
                int r1 = base + hi[0] * size[1];
                double w;
                if (in0 && (w = wLo[0] * wLo[1]) != 0.0) {
                    acc[r0 + lo[1]] += w * v;
                }
                if (in1 && (w = wHi[0] * wLo[1]) != 0.0) {
                    acc[r1 + lo[1]] += w * v;
                }
                if (in0 && (w = wLo[0] * wHi[1]) != 0.0) {
                    acc[r0 + hi[1]] += w * v;
                }
                if (in1 && (w = wHi[0] * wHi[1]) != 0.0) {
                    acc[r1 + hi[1]] += w * v;
                }
                return;
            }
            int n = corners();
            for (int k = 0; k < n; k++) {
                if (node[k] >= from && node[k] < to) {
                    acc[base + at[k]] += w[k] * v;
                }
            }
        }

        private void put(double weight, int off, int n0) {
            if (weight != 0.0) {
                w[count] = weight;
                at[count] = off;
                node[count] = n0;
                count++;
            }
        }
    }
}
