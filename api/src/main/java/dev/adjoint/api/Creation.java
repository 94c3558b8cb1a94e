package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.Storage;
import java.util.Arrays;

/** Creation ops beyond fill and copy (rows, ranges, linspace), element read-back and backend transfer. */
final class Creation {
    private Creation() {
    }

    /** A FLOAT32 {@code [rows, cols]} tensor from rows of equal length. */
    static Tensor fromRows(float[][] rows) {
        int cols = checkRows(rows.length, rows.length == 0 ? 0 : rows[0].length, i -> rows[i].length);
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data), Shape.of(rows.length, cols));
    }

    /** A FLOAT64 {@code [rows, cols]} tensor from rows of equal length. */
    static Tensor fromRows(double[][] rows) {
        int cols = checkRows(rows.length, rows.length == 0 ? 0 : rows[0].length, i -> rows[i].length);
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data), Shape.of(rows.length, cols));
    }

    private static int checkRows(int count, int cols, java.util.function.IntUnaryOperator length) {
        for (int i = 1; i < count; i++) {
            if (length.applyAsInt(i) != cols) {
                throw new OpException.ShapeException("of", "row " + i + " has length " + length.applyAsInt(i)
                        + " but row 0 has length " + cols + "; expected rows of equal length");
            }
        }
        if ((long) count * cols > Integer.MAX_VALUE) {
            throw new OpException.ShapeException("of", count + " rows of " + cols + " elements exceed "
                    + Integer.MAX_VALUE + " elements");
        }
        return cols;
    }

    /** INT32 {@code [0, 1, ..., stop - 1]}; empty when {@code stop <= 0}. */
    static Tensor arange(int stop) {
        int n = Math.max(stop, 0);
        int[] data = new int[n];
        for (int i = 0; i < n; i++) {
            data[i] = i;
        }
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data), Shape.of(n));
    }

    /** NumPy's {@code arange}: {@code ceil((stop - start) / step)} values {@code start + i * step}. */
    static Tensor arange(double start, double stop, double step, DType dtype) {
        if (step == 0) {
            throw new OpException("arange", "step is 0 (start " + start + ", stop " + stop
                    + "); expected a nonzero step");
        }
        double count = Math.ceil((stop - start) / step);
        if (!Double.isFinite(count) || count > Integer.MAX_VALUE) {
            throw new OpException.ShapeException("arange", "start " + start + ", stop " + stop + ", step " + step
                    + " give " + count + " elements; expected a finite count of at most " + Integer.MAX_VALUE);
        }
        int n = (int) Math.max(count, 0);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = start + i * step;
        }
        return ofDoubles(values, dtype);
    }

    /** {@code num} evenly spaced values from {@code start} to {@code stop}, both included. */
    static Tensor linspace(double start, double stop, int num, DType dtype) {
        if (num < 0) {
            throw new OpException("linspace", "num is " + num + "; expected num >= 0");
        }
        double[] values = new double[num];
        if (num > 0) {
            values[0] = start;
        }
        if (num > 1) {
            double step = (stop - start) / (num - 1);
            for (int i = 1; i < num - 1; i++) {
                values[i] = start + i * step;
            }
            values[num - 1] = stop;
        }
        return ofDoubles(values, dtype);
    }

    private static Tensor ofDoubles(double[] values, DType dtype) {
        Backend b = Backends.current();
        Storage s = b.fromHost(values);
        if (dtype != DType.FLOAT64) {
            s = b.cast(s, dtype);
        }
        return new Tensor(b, s, Shape.of(values.length));
    }

    /** The element at a full index; negative entries count from the end of their axis. */
    static double elementAt(Tensor t, int[] index) {
        Shape shape = t.shape();
        if (index.length != shape.rank()) {
            throw new OpException.IndexException("get", "index " + Arrays.toString(index) + " has "
                    + index.length + " entries for shape " + shape + "; expected " + shape.rank());
        }
        int[] strides = shape.strides();
        int flat = 0;
        for (int d = 0; d < index.length; d++) {
            int dim = shape.dim(d);
            int i = index[d];
            if (i < -dim || i >= dim) {
                throw new OpException.IndexException("get", "index " + Arrays.toString(index)
                        + " is out of bounds for shape " + shape + ": entry " + d + " is " + i
                        + "; expected it in [" + (-dim) + ", " + dim + ")");
            }
            flat += (i < 0 ? i + dim : i) * strides[d];
        }
        Backend b = t.backend();
        Storage one = b.strided(t.storage(), flat, new int[0], Shape.scalar());
        return switch (t.dtype()) {
            case FLOAT32 -> b.toFloats(one)[0];
            case FLOAT64 -> b.toDoubles(one)[0];
            case INT32 -> b.toInts(one)[0];
        };
    }

    /**
     * {@code t} on {@code target}: the same tensor if it is already there, else a copy through the host.
     * The cotangent is moved back to the source backend.
     */
    static Tensor transfer(Tensor t, Backend target) {
        Backend source = t.backend();
        if (source == target) {
            return t;
        }
        Storage s = switch (t.dtype()) {
            case FLOAT32 -> target.fromHost(source.toFloats(t.storage()));
            case FLOAT64 -> target.fromHost(source.toDoubles(t.storage()));
            case INT32 -> target.fromHost(source.toInts(t.storage()));
        };
        Tensor out = new Tensor(target, s, t.shape());
        if (!t.dtype().isFloating()) {
            return Elementwise.constant("to", out);
        }
        return Autodiff.record("to", out, new Tensor[] {t}, (g, needed) -> new Tensor[] {g.to(source)});
    }
}
