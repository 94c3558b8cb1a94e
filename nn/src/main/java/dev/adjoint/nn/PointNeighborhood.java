package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.NeighborGraph;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The neighbourhood structure the point convolutions share: input points {@code [n, dims]}, query (output)
 * points {@code [m, dims]}, a search radius and the radius-neighbour graph between them. One search serves
 * every layer that uses the same points and radius.
 *
 * <p>The graph is integer structure and carries no gradient; the point and query coordinates are kept as the
 * given tensors, so a convolution is differentiable with respect to them wherever the graph does not change
 * (build the neighbourhood inside the differentiated function). For fast evaluation the queries are sorted by
 * neighbour count and cut into a few chunks, each laid out once as a padded table {@code [rows, width]} of
 * neighbour indices with {@code width} the chunk's largest neighbour count (padding entries carry zeros), so
 * little work is spent on padding.
 */
public final class PointNeighborhood {
    /** Queries per chunk at least; a neighbourhood has at most {@link #MAX_CHUNKS} chunks beyond that. */
    private static final int MIN_CHUNK_ROWS = 256;
    private static final int MAX_CHUNKS = 4;

    /**
     * Consecutive queries of the degree-sorted order, padded to their own largest neighbour count.
     *
     * @param start the first sorted position
     * @param rows the number of queries
     * @param width the padded neighbour count
     * @param queryIds INT32 {@code [rows]}, the original query indices
     * @param neighbors INT32 {@code [rows * width]}, point indices (0 in padding)
     * @param slotEdges INT32 {@code [rows * width]}, CSR edge indices ({@code edges} in padding)
     */
    record Chunk(int start, int rows, int width, Tensor queryIds, Tensor neighbors, Tensor slotEdges) {
    }

    private final Tensor points;
    private final Tensor queries;
    private final boolean sameSet;
    private final double radius;
    private final double[] box;
    private final NeighborGraph graph;
    private final int width;
    private final int edgesWithoutSelf;
    private final Tensor edgeRows;
    private final Tensor edgeMaskAll;
    private final Tensor edgeMaskOthers;
    private final Tensor unsort;
    private final List<Chunk> chunks;

    private PointNeighborhood(Tensor points, Tensor queries, boolean sameSet, double radius, double[] box,
            NeighborGraph graph, int chunkRows) {
        this.points = points;
        this.queries = queries;
        this.sameSet = sameSet;
        this.radius = radius;
        this.box = box;
        this.graph = graph;
        int m = queries.dim(0);
        int n = points.dim(0);
        if (graph.rows() != m) {
            throw new OpException.ShapeException("PointNeighborhood", "neighbour graph with " + graph.rows()
                    + " rows for queries of shape " + queries.shape() + "; expected one row per query");
        }
        int[] offsets = graph.rowOffsets().toIntArray();
        int[] columns = graph.columns().toIntArray();
        int edges = columns.length;
        int[] rowOf = new int[edges];
        double[] edgeOthers = new double[edges];
        int kept = 0;
        int w = 1;
        for (int i = 0; i < m; i++) {
            w = Math.max(w, offsets[i + 1] - offsets[i]);
            for (int e = offsets[i]; e < offsets[i + 1]; e++) {
                int j = columns[e];
                if (j < 0 || j >= n) {
                    throw new OpException.ShapeException("PointNeighborhood", "neighbour graph column " + j
                            + " in row " + i + " is outside the " + n + " points of shape " + points.shape());
                }
                boolean self = sameSet && j == i;
                rowOf[e] = i;
                edgeOthers[e] = self ? 0.0 : 1.0;
                kept += self ? 0 : 1;
            }
        }
        this.width = w;
        this.edgesWithoutSelf = kept;
        DType dtype = points.dtype();
        var backend = points.backend();
        this.edgeRows = Tensor.of(rowOf).to(backend);
        this.edgeMaskAll = Tensor.ones(dtype, edges, 1).to(backend);
        this.edgeMaskOthers = Tensor.of(edgeOthers, edges, 1).cast(dtype).to(backend);

        // Queries sorted by decreasing neighbour count (counting sort, stable), cut into chunks that are each
        // padded only to their own largest count.
        int[] count = new int[w + 2];
        for (int i = 0; i < m; i++) {
            count[w - (offsets[i + 1] - offsets[i])]++;
        }
        for (int k = 1; k < count.length; k++) {
            count[k] += count[k - 1];
        }
        int[] order = new int[m];
        for (int i = m - 1; i >= 0; i--) {
            order[--count[w - (offsets[i + 1] - offsets[i])]] = i;
        }
        int[] inverse = new int[m];
        for (int k = 0; k < m; k++) {
            inverse[order[k]] = k;
        }
        this.unsort = Tensor.of(inverse).to(backend);
        List<Chunk> list = new ArrayList<>();
        for (int start = 0; start < m; start += chunkRows) {
            int rows = Math.min(chunkRows, m - start);
            int cw = Math.max(1, offsets[order[start] + 1] - offsets[order[start]]);
            int[] ids = Arrays.copyOfRange(order, start, start + rows);
            int[] nbr = new int[rows * cw];
            int[] slots = new int[rows * cw];
            Arrays.fill(slots, edges);
            for (int r = 0; r < rows; r++) {
                int i = ids[r];
                for (int e = offsets[i]; e < offsets[i + 1]; e++) {
                    nbr[r * cw + e - offsets[i]] = columns[e];
                    slots[r * cw + e - offsets[i]] = e;
                }
            }
            list.add(new Chunk(start, rows, cw, Tensor.of(ids).to(backend), Tensor.of(nbr).to(backend),
                    Tensor.of(slots).to(backend)));
        }
        this.chunks = List.copyOf(list);
    }

    private PointNeighborhood(Tensor points, Tensor queries, boolean sameSet, double radius, double[] box,
            NeighborGraph graph) {
        this(points, queries, sameSet, radius, box, graph,
                Math.max(MIN_CHUNK_ROWS, (queries.dim(0) + MAX_CHUNKS - 1) / MAX_CHUNKS));
    }

    /** This neighbourhood cut into chunks of {@code rows} queries (for tests of the chunking). */
    PointNeighborhood withChunkRows(int rows) {
        return new PointNeighborhood(points, queries, sameSet, radius, box, graph, rows);
    }

    /** The neighbourhoods of {@code points [n, dims]} among themselves (queries = points) within {@code radius}. */
    public static PointNeighborhood search(Tensor points, double radius) {
        requirePoints(points, "points");
        return new PointNeighborhood(points, points, true, radius, null, points.radiusNeighbors(points, radius));
    }

    /** For each query {@code [m, dims]}, its neighbours among {@code points [n, dims]} within {@code radius}. */
    public static PointNeighborhood search(Tensor points, Tensor queries, double radius) {
        requirePoints(points, "points");
        requirePoints(queries, "queries");
        return new PointNeighborhood(points, queries, points == queries, radius, null,
                points.radiusNeighbors(queries, radius));
    }

    /**
     * The neighbourhoods of {@code points} among themselves in a periodic box with the given side lengths
     * (one per axis): differences are taken as minimum images.
     */
    public static PointNeighborhood searchPeriodic(Tensor points, double radius, double[] box) {
        requirePoints(points, "points");
        if (box == null) {
            throw new IllegalArgumentException("PointNeighborhood: periodic box is null; expected one side length"
                    + " per axis");
        }
        NeighborGraph g = points.radiusNeighbors(points, radius, box);
        return new PointNeighborhood(points, points, true, radius, box.clone(), g);
    }

    /**
     * A neighbourhood from a graph computed elsewhere (e.g. once for several uses): {@code queries} null means
     * the points are their own queries; {@code box} null means no periodicity. The graph must hold the points
     * within {@code radius} of every query, as {@link Tensor#radiusNeighbors} returns it.
     */
    public static PointNeighborhood of(Tensor points, Tensor queries, double radius, double[] box,
            NeighborGraph graph) {
        requirePoints(points, "points");
        Tensor q = queries == null ? points : queries;
        requirePoints(q, "queries");
        if (q.dim(1) != points.dim(1) || q.dtype() != points.dtype()) {
            throw new OpException.ShapeException("PointNeighborhood", "points " + points.dtype().label() + " "
                    + points.shape() + " and queries " + q.dtype().label() + " " + q.shape()
                    + "; expected the same number of coordinates and the same dtype");
        }
        PointConvSupport.requireRadius("PointNeighborhood", radius);
        if (box != null && box.length != points.dim(1)) {
            throw new IllegalArgumentException("PointNeighborhood: periodic box " + Arrays.toString(box)
                    + " for points with " + points.dim(1) + " coordinates; expected one side length per axis");
        }
        if (graph == null) {
            throw new IllegalArgumentException("PointNeighborhood: graph is null; expected a NeighborGraph");
        }
        return new PointNeighborhood(points, q, q == points, radius, box == null ? null : box.clone(), graph);
    }

    private static void requirePoints(Tensor t, String name) {
        if (t == null || t.rank() != 2 || t.dim(1) < 1 || t.dim(1) > 3 || !t.dtype().isFloating()) {
            throw new OpException.ShapeException("PointNeighborhood", name + " "
                    + (t == null ? "null" : t.dtype().label() + " " + t.shape())
                    + "; expected a float32 or float64 tensor [count, dims] with dims in 1..3");
        }
    }

    /** The input points {@code [n, dims]}. */
    public Tensor points() {
        return points;
    }

    /** The query (output) points {@code [m, dims]}; the same tensor as {@link #points()} for a self search. */
    public Tensor queries() {
        return queries;
    }

    /** Whether the queries are the points themselves, so that pairs {@code (i, i)} are self-pairs. */
    public boolean sameSet() {
        return sameSet;
    }

    /** The search radius. */
    public double radius() {
        return radius;
    }

    /** The spatial dimension. */
    public int dims() {
        return points.dim(1);
    }

    /** The number of input points. */
    public int pointCount() {
        return points.dim(0);
    }

    /** The number of query points. */
    public int queryCount() {
        return queries.dim(0);
    }

    /** The CSR neighbour graph (self-pairs included for a self search). */
    public NeighborGraph graph() {
        return graph;
    }

    /** The number of (query, point) pairs, with self-pairs when {@code includeSelf}. */
    public int edges(boolean includeSelf) {
        return includeSelf ? graph.edges() : edgesWithoutSelf;
    }

    /** The largest neighbour count of a query. */
    public int width() {
        return width;
    }

    /**
     * The offsets {@code x_j - x_i} of every edge of the CSR graph, {@code [edges, dims]} in graph order (minimum
     * images in a periodic box), differentiable in the coordinates.
     */
    public Tensor edgeOffsets() {
        Tensor diff = points.gather(0, graph.columns()).sub(queries.gather(0, edgeRows));
        if (box != null) {
            Tensor side = Tensor.of(box, dims()).cast(diff.dtype()).to(diff.backend());
            diff = diff.sub(side.mul(diff.div(side).round()));
        }
        return diff;
    }

    /** The mask {@code [edges, 1]} of the CSR edges: one, or zero for self-pairs unless {@code includeSelf}. */
    public Tensor edgeMask(boolean includeSelf) {
        return includeSelf || !sameSet ? edgeMaskAll : edgeMaskOthers;
    }

    /** The chunks of degree-sorted queries, in sorted order. */
    List<Chunk> chunks() {
        return chunks;
    }

    /** Per-edge values {@code [edges, k]} with the zero row {@code [edges + 1, k]} that padding slots read. */
    Tensor padEdges(Tensor perEdge) {
        int k = perEdge.dim(1);
        return Tensor.concat(0, perEdge, Tensor.zeros(perEdge.dtype(), 1, k).to(perEdge.backend()));
    }

    /**
     * Padded per-edge values {@code [edges + 1, k]} ({@link #padEdges}, once for all chunks) laid out in the
     * chunk's padded table, {@code [rows, width, k]}.
     */
    Tensor toSlots(Chunk c, Tensor padded) {
        return padded.gather(0, c.slotEdges()).reshape(c.rows(), c.width(), padded.dim(1));
    }

    /** The rows of {@code features [n, channels]} for the chunk's neighbour slots, {@code [rows, width, channels]}. */
    Tensor gatherNeighbors(Chunk c, Tensor features) {
        return features.gather(0, c.neighbors()).reshape(c.rows(), c.width(), features.dim(1));
    }

    /** The rows of per-query values {@code [m, channels]} of the chunk's queries, {@code [rows, channels]}. */
    Tensor gatherQueries(Chunk c, Tensor perQuery) {
        return perQuery.gather(0, c.queryIds());
    }

    /** Rows {@code [m, ...]} in degree-sorted order (chunk after chunk) put back in query order. */
    Tensor unsort(Tensor sorted) {
        return sorted.gather(0, unsort);
    }
}
