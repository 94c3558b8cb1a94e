package dev.adjoint.api;

import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row form: {@code rowOffsets [rows + 1]} (INT32) delimits
 * each row's entries, {@code columns [nnz]} (INT32) holds their column indices, sorted and unique within a
 * row, and {@code values [nnz]} (float32 or float64) their values.
 *
 * <p>The sparsity pattern is fixed and lives on the host as well (solver setup and preconditioners read
 * it); the values are an ordinary tensor, possibly tracked. {@link #matvec}, {@link #toDense},
 * {@link #transpose}, {@link #diagonal} and {@link #fromDense} are composed from tensor ops
 * ({@code gather}, {@code mul}, {@code scatterAdd}), so gradients flow to the values (and to the vector)
 * through the ops' own rules. Stored entries whose value is zero remain part of the pattern.
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final int[] offsets;
    private final int[] columnIndex;
    private final int[] entryRows;
    private final Tensor rowOffsets;
    private final Tensor columns;
    private final Tensor rowIndex;
    private final Tensor values;

    private CsrMatrix(int rows, int cols, int[] offsets, int[] columnIndex, int[] entryRows, Tensor rowOffsets,
            Tensor columns, Tensor rowIndex, Tensor values) {
        this.rows = rows;
        this.cols = cols;
        this.offsets = offsets;
        this.columnIndex = columnIndex;
        this.entryRows = entryRows;
        this.rowOffsets = rowOffsets;
        this.columns = columns;
        this.rowIndex = rowIndex;
        this.values = values;
    }

    /** A matrix from trusted host arrays, with index tensors on the backend of {@code values}. */
    private static CsrMatrix build(int rows, int cols, int[] offsets, int[] columnIndex, Tensor values) {
        int[] entryRows = new int[columnIndex.length];
        for (int i = 0; i < rows; i++) {
            Arrays.fill(entryRows, offsets[i], offsets[i + 1], i);
        }
        var backend = values.backend();
        return new CsrMatrix(rows, cols, offsets, columnIndex, entryRows, Tensor.of(offsets).to(backend),
                Tensor.of(columnIndex).to(backend), Tensor.of(entryRows).to(backend), values);
    }

    // ---- construction ------------------------------------------------------------------------------------

    /**
     * A matrix from its three CSR arrays, validated: {@code rowOffsets} is INT32 of shape {@code [rows + 1]},
     * starts at 0, never decreases and ends at {@code nnz}; {@code columns} is INT32 of shape {@code [nnz]}
     * with indices in {@code [0, cols)}, strictly increasing within each row; {@code values} is a float
     * tensor of shape {@code [nnz]}.
     *
     * @throws OpException (a {@link OpException.ShapeException}, {@link OpException.DTypeException} or
     *     {@link OpException.IndexException}) naming what is wrong
     */
    public static CsrMatrix of(int rows, int cols, Tensor rowOffsets, Tensor columns, Tensor values) {
        String op = "CsrMatrix.of";
        requireSize(op, rows, cols);
        if (rowOffsets.dtype() != DType.INT32 || columns.dtype() != DType.INT32) {
            throw new OpException.DTypeException(op, "rowOffsets has dtype " + rowOffsets.dtype().label()
                    + " and columns " + columns.dtype().label() + "; expected int32 for both");
        }
        requireValuesDType(op, values);
        if (!rowOffsets.shape().equals(Shape.of(rows + 1))) {
            throw new OpException.ShapeException(op, "rowOffsets has shape " + rowOffsets.shape() + " for " + rows
                    + " rows; expected shape (" + (rows + 1) + ",)");
        }
        if (columns.rank() != 1 || !values.shape().equals(columns.shape())) {
            throw new OpException.ShapeException(op, "columns has shape " + columns.shape() + " and values "
                    + values.shape() + "; expected two 1-D tensors of equal length nnz");
        }
        int[] off = rowOffsets.toIntArray();
        int[] col = columns.toIntArray();
        int nnz = col.length;
        if (off[0] != 0 || off[rows] != nnz) {
            throw new OpException.IndexException(op, "rowOffsets starts at " + off[0] + " and ends at " + off[rows]
                    + "; expected it to start at 0 and end at nnz = " + nnz);
        }
        for (int i = 0; i < rows; i++) {
            if (off[i + 1] < off[i]) {
                throw new OpException.IndexException(op, "rowOffsets decreases at row " + i + " (" + off[i]
                        + " -> " + off[i + 1] + "); expected non-decreasing offsets");
            }
            for (int k = off[i]; k < off[i + 1]; k++) {
                if (col[k] < 0 || col[k] >= cols) {
                    throw new OpException.IndexException(op, "column index " + col[k] + " at entry " + k + " (row "
                            + i + ") is out of range for " + cols + " columns; expected [0, " + cols + ")");
                }
                if (k > off[i] && col[k] <= col[k - 1]) {
                    throw new OpException.IndexException(op, "the columns of row " + i + " are not strictly "
                            + "increasing (" + col[k - 1] + " then " + col[k] + " at entry " + k
                            + "); expected sorted, unique columns per row (fromTriplets sorts and sums duplicates)");
                }
            }
        }
        return build(rows, cols, off, col, values);
    }

    /**
     * A matrix from coordinate triplets {@code (r[k], c[k], v[k])}: duplicates are summed (in double, then
     * rounded to {@code dtype}) and the columns of each row sorted.
     *
     * @throws OpException for unequal array lengths, an index out of range or a non-float dtype
     */
    public static CsrMatrix fromTriplets(int rows, int cols, int[] r, int[] c, double[] v, DType dtype) {
        String op = "CsrMatrix.fromTriplets";
        requireSize(op, rows, cols);
        if (r.length != c.length || r.length != v.length) {
            throw new OpException.ShapeException(op, "got " + r.length + " row indices, " + c.length
                    + " column indices and " + v.length + " values; expected three arrays of equal length");
        }
        if (!dtype.isFloating()) {
            throw new OpException.DTypeException(op, "values of dtype " + dtype.label()
                    + "; expected float32 or float64");
        }
        int n = r.length;
        int[] count = new int[rows + 1];
        for (int k = 0; k < n; k++) {
            if (r[k] < 0 || r[k] >= rows || c[k] < 0 || c[k] >= cols) {
                throw new OpException.IndexException(op, "triplet " + k + " is at (" + r[k] + ", " + c[k]
                        + "), outside a " + rows + " x " + cols + " matrix; expected rows in [0, " + rows
                        + ") and columns in [0, " + cols + ")");
            }
            count[r[k] + 1]++;
        }
        for (int i = 0; i < rows; i++) {
            count[i + 1] += count[i];
        }
        // Bucket the triplets by row, each as (column << 32 | triplet) so that sorting orders by column.
        long[] keys = new long[n];
        int[] next = Arrays.copyOf(count, rows);
        for (int k = 0; k < n; k++) {
            keys[next[r[k]]++] = ((long) c[k] << 32) | k;
        }
        int[] offsets = new int[rows + 1];
        int[] colOut = new int[n];
        double[] valOut = new double[n];
        int nnz = 0;
        for (int i = 0; i < rows; i++) {
            Arrays.sort(keys, count[i], count[i + 1]);
            int rowStart = nnz;
            for (int q = count[i]; q < count[i + 1]; q++) {
                int col = (int) (keys[q] >>> 32);
                int k = (int) keys[q];
                if (nnz > rowStart && colOut[nnz - 1] == col) {
                    valOut[nnz - 1] += v[k];
                } else {
                    colOut[nnz] = col;
                    valOut[nnz] = v[k];
                    nnz++;
                }
            }
            offsets[i + 1] = nnz;
        }
        Tensor values = Tensor.of(Arrays.copyOf(valOut, nnz)).cast(dtype);
        return build(rows, cols, offsets, Arrays.copyOf(colOut, nnz), values);
    }

    /**
     * The nonzero entries of a 2-D float tensor. The values are gathered from {@code dense} with tensor ops,
     * so a gradient with respect to them reaches {@code dense}.
     */
    public static CsrMatrix fromDense(Tensor dense) {
        String op = "CsrMatrix.fromDense";
        if (dense.rank() != 2) {
            throw new OpException.ShapeException(op, "got a tensor of shape " + dense.shape()
                    + "; expected a 2-D matrix");
        }
        requireValuesDType(op, dense);
        int rows = dense.dim(0);
        int cols = dense.dim(1);
        double[] d = dense.toDoubleArray();
        int nnz = 0;
        for (double x : d) {
            if (x != 0) {
                nnz++;
            }
        }
        int[] offsets = new int[rows + 1];
        int[] col = new int[nnz];
        int[] flat = new int[nnz];
        int k = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (d[i * cols + j] != 0) {
                    col[k] = j;
                    flat[k] = i * cols + j;
                    k++;
                }
            }
            offsets[i + 1] = k;
        }
        Tensor values = dense.reshape(rows * cols).gather(0, Tensor.of(flat).to(dense.backend()));
        return build(rows, cols, offsets, col, values);
    }

    /**
     * The same sparsity pattern with other values (e.g. tracked ones), a float tensor of shape {@code [nnz]}.
     */
    public CsrMatrix withValues(Tensor newValues) {
        String op = "CsrMatrix.withValues";
        requireValuesDType(op, newValues);
        if (!newValues.shape().equals(values.shape())) {
            throw new OpException.ShapeException(op, "values of shape " + newValues.shape() + " for a "
                    + rows + " x " + cols + " pattern of " + nnz() + " entries; expected shape (" + nnz() + ",)");
        }
        if (newValues.backend() != values.backend()) {
            return build(rows, cols, offsets, columnIndex, newValues);
        }
        return new CsrMatrix(rows, cols, offsets, columnIndex, entryRows, rowOffsets, columns, rowIndex, newValues);
    }

    // ---- accessors ---------------------------------------------------------------------------------------

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The number of columns. */
    public int cols() {
        return cols;
    }

    /** The number of stored entries. */
    public int nnz() {
        return columnIndex.length;
    }

    /** The dtype of the values. */
    public DType dtype() {
        return values.dtype();
    }

    /** INT32 {@code [rows + 1]}: the entries of row {@code i} are {@code rowOffsets[i] .. rowOffsets[i+1]-1}. */
    public Tensor rowOffsets() {
        return rowOffsets;
    }

    /** INT32 {@code [nnz]}: the column of each entry. */
    public Tensor columns() {
        return columns;
    }

    /** INT32 {@code [nnz]}: the row of each entry (the expanded form of {@link #rowOffsets()}). */
    public Tensor rowIndices() {
        return rowIndex;
    }

    /** Float {@code [nnz]}: the value of each entry. */
    public Tensor values() {
        return values;
    }

    /** The row offsets on the host; shared, do not modify. */
    int[] hostOffsets() {
        return offsets;
    }

    /** The column of each entry on the host; shared, do not modify. */
    int[] hostColumns() {
        return columnIndex;
    }

    // ---- operations --------------------------------------------------------------------------------------

    /** {@code A x} for a 1-D {@code x} of length {@code cols} and the values' dtype; differentiable in both. */
    public Tensor matvec(Tensor x) {
        String op = "CsrMatrix.matvec";
        if (x.rank() != 1 || x.dim(0) != cols) {
            throw new OpException.ShapeException(op, "a " + rows + " x " + cols + " matrix times a vector of shape "
                    + x.shape() + "; expected shape (" + cols + ",)");
        }
        if (x.dtype() != values.dtype()) {
            throw new OpException.DTypeException(op, "a " + values.dtype().label() + " matrix times a "
                    + x.dtype().label() + " vector of shape " + x.shape() + "; expected equal dtypes");
        }
        return values.mul(x.gather(0, columns)).scatterAdd(0, rowIndex, rows);
    }

    /** The dense {@code [rows, cols]} matrix; differentiable in the values. */
    public Tensor toDense() {
        if ((long) rows * cols > Integer.MAX_VALUE) {
            throw new OpException.ShapeException("CsrMatrix.toDense", "a " + rows + " x " + cols
                    + " matrix has more elements than a tensor can hold");
        }
        int[] flat = new int[nnz()];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = entryRows[k] * cols + columnIndex[k];
        }
        return values.scatterAdd(0, Tensor.of(flat).to(values.backend()), rows * cols).reshape(rows, cols);
    }

    /** The main diagonal, of length {@code min(rows, cols)}, zero where no entry is stored; differentiable. */
    public Tensor diagonal() {
        int n = Math.min(rows, cols);
        int count = 0;
        for (int k = 0; k < columnIndex.length; k++) {
            if (columnIndex[k] == entryRows[k]) {
                count++;
            }
        }
        int[] entries = new int[count];
        int[] at = new int[count];
        int q = 0;
        for (int k = 0; k < columnIndex.length; k++) {
            if (columnIndex[k] == entryRows[k]) {
                entries[q] = k;
                at[q] = columnIndex[k];
                q++;
            }
        }
        var b = values.backend();
        return values.gather(0, Tensor.of(entries).to(b)).scatterAdd(0, Tensor.of(at).to(b), n);
    }

    /** The transpose, a {@code cols x rows} matrix whose values are gathered from these (differentiable). */
    public CsrMatrix transpose() {
        int[] perm = transposePermutation();
        int[] tOffsets = new int[cols + 1];
        for (int c : columnIndex) {
            tOffsets[c + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            tOffsets[j + 1] += tOffsets[j];
        }
        int[] tColumns = new int[perm.length];
        for (int q = 0; q < perm.length; q++) {
            tColumns[q] = entryRows[perm[q]];
        }
        Tensor tValues = values.gather(0, Tensor.of(perm).to(values.backend()));
        return build(cols, rows, tOffsets, tColumns, tValues);
    }

    /** For each entry of the transpose, in its CSR order, the index of the same entry in this matrix. */
    int[] transposePermutation() {
        int[] next = new int[cols + 1];
        for (int c : columnIndex) {
            next[c + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            next[j + 1] += next[j];
        }
        int[] perm = new int[columnIndex.length];
        // Walking the entries row by row keeps each transposed row's columns sorted.
        for (int k = 0; k < columnIndex.length; k++) {
            perm[next[columnIndex[k]]++] = k;
        }
        return perm;
    }

    /**
     * This matrix as a {@link LinearOperator} whose single parameter is the values tensor: pass
     * {@code new Tensor[] {values()}} (or tracked values of the same shape) as its params.
     */
    public LinearOperator asOperator() {
        return (x, p) -> {
            if (p.length != 1) {
                throw new OpException("CsrMatrix.asOperator", "got " + p.length
                        + " params; expected exactly one, the values tensor of shape (" + nnz() + ",)");
            }
            return withValues(p[0]).matvec(x);
        };
    }

    /** The shape, dtype and number of entries. */
    @Override
    public String toString() {
        return "CsrMatrix(" + rows + " x " + cols + ", nnz=" + nnz() + ", " + values.dtype().label() + ")";
    }

    private static void requireSize(String op, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new OpException.ShapeException(op, "a " + rows + " x " + cols
                    + " matrix; expected non-negative sizes");
        }
    }

    private static void requireValuesDType(String op, Tensor values) {
        if (!values.dtype().isFloating()) {
            throw new OpException.DTypeException(op, "values of dtype " + values.dtype().label() + " (shape "
                    + values.shape() + "); expected float32 or float64");
        }
    }
}
