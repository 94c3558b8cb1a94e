package dev.adjoint.backend.vector;

import dev.adjoint.api.DType;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.NeighborList;
import java.util.Arrays;

/**
 * Radius-neighbour search with a cell list for the vector backend. The points are bucketed into a uniform grid
 * of cells at least {@code radius} wide (capped near the number of points, as in the reference backend) and
 * their coordinates copied in cell order, so a query scans contiguous memory. Queries run in parallel in
 * fixed-size chunks; each chunk collects its rows, which are then joined in query order. Every row is sorted,
 * and the distance test is the reference's {@code d^2 <= r^2} in double with the same operation order, so the
 * graph equals the reference backend's exactly whatever the number of threads. With a box, axes are periodic
 * (minimum image); points or queries with a non-finite coordinate have no neighbours.
 */
final class NeighborKernels {
    /** Cell width relative to the radius: the margin absorbs rounding in the cell coordinates. */
    private static final double CELL_MARGIN = 1.0 + 1e-6;
    /** Queries per parallel task; fixed, so the work split never depends on the thread count. */
    private static final int CHUNK = 256;
    /** The most neighbour pairs a graph can hold. */
    private static final long MAX_PAIRS = Integer.MAX_VALUE - 8;

    private NeighborKernels() {
    }

    /** The CSR neighbour lists of {@code m} queries among {@code n} points, columns ascending per row. */
    static NeighborList radius(HeapStorage points, int n, HeapStorage queries, int m, int dims, double radius,
            double[] box) {
        double[] p = toDoubles(points);
        double[] q = toDoubles(queries);
        Grid grid = box == null ? Grid.open(p, n, dims, radius) : Grid.periodic(box, n, dims, radius);
        int[] order = new int[n];
        int[] cellStart = grid.bucket(p, n, order);
        int bucketed = cellStart[cellStart.length - 1];
        // coordinates in cell order: a cell's points are contiguous
        double[] sorted = new double[bucketed * dims];
        Parallel.forRange(bucketed, 1 << 14, (from, to) -> {
            for (int s = from; s < to; s++) {
                System.arraycopy(p, order[s] * dims, sorted, s * dims, dims);
            }
        });
        double r2 = radius * radius;
        int[] rowOffsets = new int[m + 1];
        int chunks = (m + CHUNK - 1) / CHUNK;
        int[][] found = new int[chunks][];
        Parallel.forRange(chunks, 1, (from, to) -> {
            Scan scan = new Scan(grid, cellStart, order, sorted, dims, box, r2);
            for (int c = from; c < to; c++) {
                found[c] = scan.rows(q, c * CHUNK, Math.min(m, (c + 1) * CHUNK), rowOffsets);
            }
        });
        long total = 0;
        for (int i = 0; i < m; i++) {
            total += rowOffsets[i + 1];
            if (total > MAX_PAIRS) {
                throw new IllegalStateException("radius search found more than " + MAX_PAIRS
                        + " neighbour pairs; use a smaller radius");
            }
            rowOffsets[i + 1] = (int) total;
        }
        int[] columns = new int[(int) total];
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                System.arraycopy(found[c], 0, columns, rowOffsets[c * CHUNK], found[c].length);
            }
        });
        return new NeighborList(HeapStorage.of(rowOffsets), HeapStorage.of(columns));
    }

    /** One task's query scanner: scratch for the cell walk and a growing buffer of found columns. */
    private static final class Scan {
        private final Grid grid;
        private final int[] cellStart;
        private final int[] order;
        private final double[] sorted;
        private final int dims;
        private final double[] box;
        private final double r2;
        private final int[] lo = new int[3];
        private final int[] count = new int[3];
        private final int[] cell = new int[3];
        private int[] buffer = new int[64];

        Scan(Grid grid, int[] cellStart, int[] order, double[] sorted, int dims, double[] box, double r2) {
            this.grid = grid;
            this.cellStart = cellStart;
            this.order = order;
            this.sorted = sorted;
            this.dims = dims;
            this.box = box;
            this.r2 = r2;
        }

        /**
         * The sorted neighbours of queries {@code from..to-1}, concatenated; the row lengths go to
         * {@code lengths[i + 1]}.
         */
        int[] rows(double[] q, int from, int to, int[] lengths) {
            int nnz = 0;
            for (int i = from; i < to; i++) {
                int rowStart = nnz;
                if (grid.range(q, i * dims, lo, count)) {
                    int total = count[0] * (dims > 1 ? count[1] : 1) * (dims > 2 ? count[2] : 1);
                    for (int k = 0; k < total; k++) {
                        int rest = k;
                        for (int d = dims - 1; d >= 0; d--) {
                            cell[d] = grid.wrap(d, lo[d] + rest % count[d]);
                            rest /= count[d];
                        }
                        int c = grid.flat(cell);
                        for (int s = cellStart[c]; s < cellStart[c + 1]; s++) {
                            if (distance2(q, i * dims, sorted, s * dims, dims, box) <= r2) {
                                if (nnz == buffer.length) {
                                    buffer = grow(buffer);
                                }
                                buffer[nnz++] = order[s];
                            }
                        }
                    }
                    Arrays.sort(buffer, rowStart, nnz);
                }
                lengths[i + 1] = nnz - rowStart;
            }
            return Arrays.copyOf(buffer, nnz);
        }
    }

    private static double distance2(double[] q, int qi, double[] p, int pj, int dims, double[] box) {
        double sum = 0.0;
        for (int d = 0; d < dims; d++) {
            double dx = q[qi + d] - p[pj + d];
            if (box != null) {
                dx -= box[d] * Math.rint(dx / box[d]);
            }
            sum += dx * dx;
        }
        return sum;
    }

    private static int[] grow(int[] a) {
        if (a.length >= MAX_PAIRS) {
            throw new IllegalStateException("radius search found more than " + a.length
                    + " neighbour pairs; use a smaller radius");
        }
        return Arrays.copyOf(a, (int) Math.min(MAX_PAIRS, 2L * a.length));
    }

    private static double[] toDoubles(HeapStorage s) {
        if (s.dtype() == DType.FLOAT64) {
            return s.f64();
        }
        float[] f = s.f32();
        double[] d = new double[f.length];
        Parallel.forRange(f.length, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                d[i] = f[i];
            }
        });
        return d;
    }

    /** The cell grid: per axis an origin, a cell width and a cell count; periodic axes wrap. */
    private static final class Grid {
        final int dims;
        final double[] origin;
        final double[] width;
        final int[] cells;
        final double[] period;

        private Grid(int dims, double[] origin, double[] width, int[] cells, double[] period) {
            this.dims = dims;
            this.origin = origin;
            this.width = width;
            this.cells = cells;
            this.period = period;
        }

        /** A grid over the bounding box of the finite points. */
        static Grid open(double[] p, int n, int dims, double radius) {
            double[] min = new double[dims];
            double[] max = new double[dims];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < n; j++) {
                if (finite(p, j * dims, dims)) {
                    for (int d = 0; d < dims; d++) {
                        min[d] = Math.min(min[d], p[j * dims + d]);
                        max[d] = Math.max(max[d], p[j * dims + d]);
                    }
                }
            }
            double[] extent = new double[dims];
            for (int d = 0; d < dims; d++) {
                if (min[d] > max[d]) {
                    min[d] = 0.0;
                    max[d] = 0.0;
                }
                extent[d] = max[d] - min[d];
            }
            double w = radius * CELL_MARGIN;
            int[] cells = new int[dims];
            double limit = 2.0 * n + 64.0;
            while (true) {
                double total = 1.0;
                for (int d = 0; d < dims; d++) {
                    double c = Math.floor(extent[d] / w) + 1.0;
                    cells[d] = (int) Math.min(c, Integer.MAX_VALUE / 4.0);
                    total *= c;
                }
                if (total <= limit) {
                    break;
                }
                if (Double.isInfinite(w)) {
                    Arrays.fill(cells, 1);
                    break;
                }
                w *= Math.max(1.01, Math.pow(total / limit, 1.0 / dims));
            }
            double[] width = new double[dims];
            Arrays.fill(width, w);
            return new Grid(dims, min, width, cells, null);
        }

        /** A grid tiling the periodic box; each axis gets as many cells as fit at least a radius wide. */
        static Grid periodic(double[] box, int n, int dims, double radius) {
            double limit = 2.0 * n + 64.0;
            double perAxis = Math.max(3.0, Math.floor(Math.pow(limit, 1.0 / dims)));
            int[] cells = new int[dims];
            double[] width = new double[dims];
            for (int d = 0; d < dims; d++) {
                cells[d] = (int) Math.max(1.0, Math.min(perAxis, Math.floor(box[d] / (radius * CELL_MARGIN))));
                width[d] = box[d] / cells[d];
            }
            return new Grid(dims, new double[dims], width, cells, box.clone());
        }

        /**
         * Sorts the finite points by cell (stable, so ascending within a cell) into {@code order} and returns
         * the start of each cell's run, with one extra entry at the end.
         */
        int[] bucket(double[] p, int n, int[] order) {
            int total = 1;
            for (int d = 0; d < dims; d++) {
                total *= cells[d];
            }
            int[] cellOf = new int[n];
            int[] start = new int[total + 1];
            int[] cell = new int[3];
            for (int j = 0; j < n; j++) {
                if (!finite(p, j * dims, dims)) {
                    cellOf[j] = -1;
                    continue;
                }
                for (int d = 0; d < dims; d++) {
                    cell[d] = home(d, p[j * dims + d]);
                }
                cellOf[j] = flat(cell);
                start[cellOf[j] + 1]++;
            }
            for (int c = 0; c < total; c++) {
                start[c + 1] += start[c];
            }
            int[] fill = Arrays.copyOf(start, total);
            for (int j = 0; j < n; j++) {
                if (cellOf[j] >= 0) {
                    order[fill[cellOf[j]]++] = j;
                }
            }
            return start;
        }

        /** The cell of a coordinate on axis {@code d} (clamped to the grid; wrapped when periodic). */
        private int home(int d, double x) {
            if (period != null) {
                x -= period[d] * Math.floor(x / period[d]);
            }
            double c = Math.floor((x - origin[d]) / width[d]);
            return (int) Math.max(0.0, Math.min(cells[d] - 1.0, c));
        }

        /**
         * The cells a query must visit: per axis {@code count[d]} cells from {@code lo[d]} (to be wrapped);
         * false when the query is non-finite or no cell is in reach.
         */
        boolean range(double[] q, int at, int[] lo, int[] count) {
            if (!finite(q, at, dims)) {
                return false;
            }
            for (int d = 0; d < dims; d++) {
                double x = q[at + d];
                if (period != null) {
                    if (cells[d] < 3) {
                        lo[d] = 0;
                        count[d] = cells[d];
                    } else {
                        lo[d] = home(d, x) - 1;
                        count[d] = 3;
                    }
                    continue;
                }
                double c = Math.floor((x - origin[d]) / width[d]);
                double first = Math.max(0.0, c - 1.0);
                double last = Math.min(cells[d] - 1.0, c + 1.0);
                if (first > last) {
                    return false;
                }
                lo[d] = (int) first;
                count[d] = (int) (last - first) + 1;
            }
            return true;
        }

        /** A cell index on axis {@code d} brought into {@code [0, cells[d])} (periodic grids only wrap). */
        int wrap(int d, int c) {
            return period == null ? c : Math.floorMod(c, cells[d]);
        }

        int flat(int[] cell) {
            int f = 0;
            for (int d = 0; d < dims; d++) {
                f = f * cells[d] + cell[d];
            }
            return f;
        }

        private static boolean finite(double[] a, int at, int dims) {
            for (int d = 0; d < dims; d++) {
                if (!Double.isFinite(a[at + d])) {
                    return false;
                }
            }
            return true;
        }
    }
}
