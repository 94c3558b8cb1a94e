package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.Storage;
import java.util.Arrays;

/**
 * Validation and dispatch of the layout ops: reshape, permute, squeeze, broadcast, slice, select, concat,
 * stack, pad and shift. Ops that only relabel the dimensions share the input's storage. Every op records
 * its backward rule, written with layout and indexing ops so that it is differentiable itself.
 */
final class Layout {
    private Layout() {
    }

    /** The same elements in a new shape (shared storage); one dimension may be -1 and is then inferred. */
    static Tensor reshape(Tensor x, int[] shape) {
        int size = x.size();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new OpException.ShapeException("reshape", "cannot reshape " + x.shape() + " into "
                            + Arrays.toString(shape) + ": only one dimension may be -1");
                }
                inferred = i;
            } else if (shape[i] < 0) {
                throw new OpException.ShapeException("reshape", "cannot reshape " + x.shape() + " into "
                        + Arrays.toString(shape) + ": expected dimensions >= 0 or a single -1");
            } else {
                known *= shape[i];
            }
        }
        int[] dims = shape.clone();
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new OpException.ShapeException("reshape", "cannot reshape " + x.shape() + " ("
                        + size + " elements) into " + Arrays.toString(shape)
                        + ": the -1 dimension cannot be inferred");
            }
            dims[inferred] = (int) (size / known);
            known *= dims[inferred];
        }
        if (known != size) {
            throw new OpException.ShapeException("reshape", "cannot reshape " + x.shape() + " (" + size
                    + " elements) into " + Arrays.toString(shape) + " (" + known
                    + " elements); expected the same number of elements");
        }
        Shape in = x.shape();
        return Autodiff.record("reshape", new Tensor(x.backend(), x.storage(), Shape.of(dims)), new Tensor[] {x},
                (g, needed) -> new Tensor[] {g.reshape(in.dims())});
    }

    /** Reorders the axes: output axis i is input axis {@code perm[i]} (negative axes allowed). */
    static Tensor permute(Tensor x, int[] perm) {
        int[] p = permutation("permute", x.shape(), perm);
        int[] inverse = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            inverse[p[i]] = i;
        }
        return Autodiff.record("permute", permuted(x, p), new Tensor[] {x},
                (g, needed) -> new Tensor[] {g.permute(inverse)});
    }

    /** Swaps axes {@code a} and {@code b}. */
    static Tensor transpose(Tensor x, int a, int b) {
        Shape s = x.shape();
        int i = s.normalizeAxis("transpose", a);
        int j = s.normalizeAxis("transpose", b);
        int[] perm = new int[s.rank()];
        for (int d = 0; d < perm.length; d++) {
            perm[d] = d;
        }
        perm[i] = j;
        perm[j] = i;
        return Autodiff.record("transpose", permuted(x, perm), new Tensor[] {x},
                (g, needed) -> new Tensor[] {g.transpose(i, j)});
    }

    /** Removes the given size-1 axes, or every size-1 axis when {@code axes} is empty (shared storage). */
    static Tensor squeeze(Tensor x, int[] axes) {
        Shape s = x.shape();
        int[] drop;
        if (axes.length == 0) {
            drop = Arrays.stream(s.normalizeAxes("squeeze")).filter(a -> s.dim(a) == 1).toArray();
        } else {
            drop = s.normalizeAxes("squeeze", axes);
            for (int a : drop) {
                if (s.dim(a) != 1) {
                    throw new OpException.ShapeException("squeeze", "axis " + a + " of shape " + s + " has size "
                            + s.dim(a) + "; expected size 1");
                }
            }
        }
        return Autodiff.record("squeeze", new Tensor(x.backend(), x.storage(), s.without(drop)), new Tensor[] {x},
                (g, needed) -> new Tensor[] {g.reshape(s.dims())});
    }

    /** Inserts a size-1 axis at {@code axis} in {@code [-(rank + 1), rank]} (shared storage). */
    static Tensor unsqueeze(Tensor x, int axis) {
        Shape s = x.shape();
        int a = insertionAxis("unsqueeze", axis, s);
        int[] dims = new int[s.rank() + 1];
        int[] old = s.dims();
        for (int d = 0, k = 0; d < dims.length; d++) {
            dims[d] = d == a ? 1 : old[k++];
        }
        return Autodiff.record("unsqueeze", new Tensor(x.backend(), x.storage(), Shape.of(dims)), new Tensor[] {x},
                (g, needed) -> new Tensor[] {g.reshape(s.dims())});
    }

    /** Broadcasts {@code x} to exactly {@code target} by NumPy's rules; the gradient sums over the copies. */
    static Tensor broadcastTo(Tensor x, Shape target) {
        Shape s = x.shape();
        int offset = target.rank() - s.rank();
        boolean ok = offset >= 0;
        for (int i = 0; ok && i < s.rank(); i++) {
            int d = s.dim(i);
            ok = d == 1 || d == target.dim(offset + i);
        }
        if (!ok) {
            throw new OpException.ShapeException("broadcastTo", "cannot broadcast shape " + s + " to " + target
                    + "; expected each dimension, aligned from the right, to equal the target's or be 1");
        }
        Tensor out;
        if (s.equals(target)) {
            out = new Tensor(x.backend(), x.storage(), target);
        } else {
            Backend b = x.backend();
            out = new Tensor(b, b.strided(x.storage(), 0, s.broadcastStrides(target), target), target);
        }
        return Autodiff.record("broadcastTo", out, new Tensor[] {x},
                (g, needed) -> new Tensor[] {Reductions.sumToShape(g, s)});
    }

    /**
     * Python slicing {@code [start:stop:step]} along {@code axis}: negative positions count from the end,
     * out-of-range bounds are clipped, and a negative step walks backwards.
     */
    static Tensor slice(Tensor x, int axis, int start, int stop, int step) {
        Shape s = x.shape();
        int a = s.normalizeAxis("slice", axis);
        if (step == 0) {
            throw new OpException("slice", "step 0 along axis " + axis + " of shape " + s
                    + "; expected a nonzero step");
        }
        int n = s.dim(a);
        int first = clip(start, n, step);
        int end = clip(stop, n, step);
        int len;
        if (step > 0) {
            len = end > first ? (int) (((long) end - first - 1) / step + 1) : 0;
        } else {
            len = end < first ? (int) (((long) first - end - 1) / -(long) step + 1) : 0;
        }
        int[] strides = s.strides();
        int offset = len == 0 ? 0 : first * strides[a];
        strides[a] *= step;
        Shape out = s.withDim(a, len);
        Backend b = x.backend();
        int count = len;
        return Autodiff.record("slice", new Tensor(b, b.strided(x.storage(), offset, strides, out), out),
                new Tensor[] {x}, (g, needed) -> new Tensor[] {unslice(g, a, n, first, step, count)});
    }

    /** The sub-tensor at {@code index} (negative counts from the end) along {@code axis}, without that axis. */
    static Tensor select(Tensor x, int axis, int index) {
        Shape s = x.shape();
        int a = s.normalizeAxis("select", axis);
        int n = s.dim(a);
        if (index < -n || index >= n) {
            throw new OpException.IndexException("select", "index " + index + " is out of range for axis " + axis
                    + " of size " + n + " (shape " + s + "); expected an index in [" + (-n) + ", " + n + ")");
        }
        int i = index < 0 ? index + n : index;
        int[] strides = s.strides();
        int offset = i * strides[a];
        int[] kept = new int[strides.length - 1];
        for (int d = 0, k = 0; d < strides.length; d++) {
            if (d != a) {
                kept[k++] = strides[d];
            }
        }
        Shape out = s.without(a);
        Backend b = x.backend();
        return Autodiff.record("select", new Tensor(b, b.strided(x.storage(), offset, kept, out), out),
                new Tensor[] {x}, (g, needed) -> new Tensor[] {unslice(g.unsqueeze(a), a, n, i, 1, 1)});
    }

    /** Joins tensors of equal rank, dtype and shape except along {@code axis}. */
    static Tensor concat(int axis, Tensor[] parts) {
        requireParts("concat", parts);
        Shape first = parts[0].shape();
        Shape[] shapes = shapes(parts);
        int rank = first.rank();
        for (Shape s : shapes) {
            if (s.rank() != rank) {
                throw new OpException.ShapeException("concat", "shapes " + Shape.describe(shapes)
                        + " have different ranks; expected equal ranks");
            }
        }
        if (rank == 0) {
            throw new OpException.ShapeException("concat", "shapes " + Shape.describe(shapes)
                    + " are scalars; expected rank >= 1 (use stack to join scalars)");
        }
        int a = first.normalizeAxis("concat", axis);
        for (Shape s : shapes) {
            for (int d = 0; d < rank; d++) {
                if (d != a && s.dim(d) != first.dim(d)) {
                    throw new OpException.ShapeException("concat", "shapes " + Shape.describe(shapes)
                            + " differ in dimension " + d + "; expected equal sizes on every axis but " + a);
                }
            }
        }
        requireSameDType("concat", parts, shapes);
        Backend b = Tensor.commonBackend("concat", parts);
        int total = 0;
        Storage[] storages = new Storage[parts.length];
        for (int i = 0; i < parts.length; i++) {
            total += shapes[i].dim(a);
            storages[i] = parts[i].storage();
        }
        Shape out = first.withDim(a, total);
        Tensor[] inputs = parts.clone();
        return Autodiff.record("concat", new Tensor(b, b.concat(storages, shapes, a), out), inputs, (g, needed) -> {
            Tensor[] r = new Tensor[shapes.length];
            for (int i = 0, start = 0; i < shapes.length; start += shapes[i].dim(a), i++) {
                if (needed[i]) {
                    r[i] = g.slice(a, start, start + shapes[i].dim(a), 1);
                }
            }
            return r;
        });
    }

    /** Stacks tensors of equal shape and dtype along a new axis in {@code [-(rank + 1), rank]}. */
    static Tensor stack(int axis, Tensor[] parts) {
        requireParts("stack", parts);
        Shape[] shapes = shapes(parts);
        for (Shape s : shapes) {
            if (!s.equals(shapes[0])) {
                throw new OpException.ShapeException("stack", "shapes " + Shape.describe(shapes)
                        + " differ; expected equal shapes");
            }
        }
        int a = insertionAxis("stack", axis, shapes[0]);
        requireSameDType("stack", parts, shapes);
        Tensor.commonBackend("stack", parts);
        Tensor[] expanded = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            // Detached, so that the whole stack is one node with its own rule.
            expanded[i] = unsqueeze(Autodiff.stopGradient(parts[i]), a);
        }
        Tensor[] inputs = parts.clone();
        return Autodiff.record("stack", concat(a, expanded), inputs, (g, needed) -> {
            Tensor[] r = new Tensor[inputs.length];
            for (int i = 0; i < r.length; i++) {
                if (needed[i]) {
                    r[i] = g.select(a, i);
                }
            }
            return r;
        });
    }

    /**
     * Pads each axis by {@code before[d]} and {@code after[d]} cells, filled by {@code mode}; CONSTANT mode
     * fills {@code value} (converted to the dtype). The gradient of a CONSTANT pad is the interior of the
     * cotangent; in the other modes each padded cell's cotangent is added onto the cell it copies.
     */
    static Tensor pad(Tensor x, int[] before, int[] after, PadMode mode, double value) {
        Shape s = x.shape();
        if (before.length != s.rank() || after.length != s.rank()) {
            throw new OpException.ShapeException("pad", "got pad widths before " + Arrays.toString(before)
                    + " and after " + Arrays.toString(after) + " for shape " + s + "; expected "
                    + s.rank() + " widths each");
        }
        if (mode == null) {
            throw new OpException("pad", "mode is null; expected a PadMode");
        }
        long[] dims = new long[s.rank()];
        for (int d = 0; d < s.rank(); d++) {
            if (before[d] < 0 || after[d] < 0) {
                throw new OpException("pad", "negative pad width on axis " + d + " (before "
                        + Arrays.toString(before) + ", after " + Arrays.toString(after) + ") for shape " + s
                        + "; expected widths >= 0");
            }
            if (mode != PadMode.CONSTANT && s.dim(d) == 0 && before[d] + (long) after[d] > 0) {
                throw new OpException.ShapeException("pad", "cannot pad axis " + d + " of size 0 (shape " + s
                        + ") in " + mode + " mode; expected a nonempty axis or CONSTANT mode");
            }
            dims[d] = (long) before[d] + s.dim(d) + after[d];
            if (dims[d] > Integer.MAX_VALUE) {
                throw new OpException.ShapeException("pad", "padding shape " + s + " by " + Arrays.toString(before)
                        + " and " + Arrays.toString(after) + " makes axis " + d + " too large");
            }
        }
        Shape out = Shape.of(Arrays.stream(dims).mapToInt(v -> (int) v).toArray());
        Backend b = x.backend();
        int[] lo = before.clone();
        int[] hi = after.clone();
        return Autodiff.record("pad", new Tensor(b, b.pad(x.storage(), s, lo.clone(), hi.clone(), mode, value), out),
                new Tensor[] {x}, (g, needed) -> new Tensor[] {unpad(g, s, lo, hi, mode)});
    }

    /**
     * Shifts along {@code axis}: {@code out[i] = x[i - offset]}, reading cells outside {@code x} by
     * {@code mode} (PERIODIC rolls, CONSTANT reads zero). Done as a one-sided pad followed by a slice.
     */
    static Tensor shift(Tensor x, int axis, int offset, PadMode mode) {
        Shape s = x.shape();
        int a = s.normalizeAxis("shift", axis);
        if (mode == null) {
            throw new OpException("shift", "mode is null; expected a PadMode");
        }
        int n = s.dim(a);
        int k = reducedOffset(offset, n, mode);
        if (k == 0) {
            return Autodiff.record("shift", new Tensor(x.backend(), x.storage(), s), new Tensor[] {x},
                    (g, needed) -> new Tensor[] {g});
        }
        int[] before = new int[s.rank()];
        int[] after = new int[s.rank()];
        if (k > 0) {
            before[a] = k;
            return slice(pad(x, before, after, mode, 0), a, 0, n, 1);
        }
        after[a] = -k;
        return slice(pad(x, before, after, mode, 0), a, -k, -k + n, 1);
    }

    /**
     * The adjoint of a slice along axis {@code a} of size {@code n} that took {@code len} cells from
     * {@code first} on by {@code step}: {@code g} placed into zeros at the positions it was read from.
     */
    private static Tensor unslice(Tensor g, int a, int n, int first, int step, int len) {
        if (step == 1) {
            int[] before = new int[g.rank()];
            int[] after = new int[g.rank()];
            before[a] = first;
            after[a] = n - first - len;
            return g.pad(before, after, PadMode.CONSTANT);
        }
        int[] positions = new int[len];
        for (int k = 0; k < len; k++) {
            positions[k] = first + k * step;
        }
        return g.scatterAdd(a, indexVector(g.backend(), positions), n);
    }

    /**
     * The adjoint of {@code pad} from shape {@code s}: CONSTANT cuts out the interior; the other modes fold
     * the cotangent of every padded cell onto its source cell, axis by axis (the per-axis folds commute).
     */
    private static Tensor unpad(Tensor g, Shape s, int[] before, int[] after, PadMode mode) {
        for (int d = s.rank() - 1; d >= 0; d--) {
            if (before[d] == 0 && after[d] == 0) {
                continue;
            }
            int n = s.dim(d);
            if (mode == PadMode.CONSTANT) {
                g = g.slice(d, before[d], before[d] + n, 1);
            } else {
                int[] sources = new int[before[d] + n + after[d]];
                for (int i = 0; i < sources.length; i++) {
                    sources[i] = mode.sourceIndex(i - before[d], n);
                }
                g = g.scatterAdd(d, indexVector(g.backend(), sources), n);
            }
        }
        return g;
    }

    /** A 1-D INT32 tensor of {@code values} on backend {@code b}. */
    private static Tensor indexVector(Backend b, int[] values) {
        return new Tensor(b, b.fromHost(values), Shape.of(values.length));
    }

    /**
     * An offset with the same result as {@code offset} on an axis of size {@code n} but at most about 2n in
     * magnitude: modes that repeat periodically take it modulo their period, the others clamp it to n.
     */
    private static int reducedOffset(int offset, int n, PadMode mode) {
        if (n == 0) {
            return 0;
        }
        return switch (mode) {
            case PERIODIC -> Math.floorMod(offset, n);
            case REFLECT -> n == 1 ? 0 : (int) Math.floorMod((long) offset, 2L * (n - 1));
            case SYMMETRIC -> (int) Math.floorMod((long) offset, 2L * n);
            case CONSTANT, EDGE -> Math.max(-n, Math.min(n, offset));
        };
    }

    /** Maps the position of a new axis, in {@code [-(rank + 1), rank]}, to {@code [0, rank]}. */
    private static int insertionAxis(String op, int axis, Shape s) {
        int r = s.rank();
        if (axis < -(r + 1) || axis > r) {
            throw new OpException.AxisException(op, "axis " + axis + " is out of range for a new axis in shape " + s
                    + "; expected an axis in [" + (-(r + 1)) + ", " + r + "]");
        }
        return axis < 0 ? axis + r + 1 : axis;
    }

    /** Clips a Python slice bound on an axis of size {@code n}, as CPython's {@code PySlice_AdjustIndices}. */
    private static int clip(int bound, int n, int step) {
        long v = bound < 0 ? (long) bound + n : bound;
        if (v < 0) {
            return step < 0 ? -1 : 0;
        }
        if (v >= n) {
            return step < 0 ? n - 1 : n;
        }
        return (int) v;
    }

    /** Validates {@code perm} as a permutation of the axes of {@code s}; returns it normalized. */
    private static int[] permutation(String op, Shape s, int[] perm) {
        if (perm.length != s.rank()) {
            throw new OpException.AxisException(op, "permutation " + Arrays.toString(perm) + " has "
                    + perm.length + " axes for shape " + s + "; expected a permutation of all " + s.rank());
        }
        int[] p = new int[perm.length];
        boolean[] seen = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = s.normalizeAxis(op, perm[i]);
            if (seen[p[i]]) {
                throw new OpException.AxisException(op, "permutation " + Arrays.toString(perm) + " for shape " + s
                        + " repeats axis " + perm[i] + "; expected each axis exactly once");
            }
            seen[p[i]] = true;
        }
        return p;
    }

    /** Output axis i is input axis {@code perm[i]}; perm is a valid, normalized permutation. */
    private static Tensor permuted(Tensor x, int[] perm) {
        Shape s = x.shape();
        int[] dims = s.dims();
        int[] strides = s.strides();
        int[] outDims = new int[perm.length];
        int[] outStrides = new int[perm.length];
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            outDims[i] = dims[perm[i]];
            outStrides[i] = strides[perm[i]];
            identity &= perm[i] == i;
        }
        if (identity) {
            return new Tensor(x.backend(), x.storage(), s);
        }
        Shape out = Shape.of(outDims);
        Backend b = x.backend();
        return new Tensor(b, b.strided(x.storage(), 0, outStrides, out), out);
    }

    private static void requireParts(String op, Tensor[] parts) {
        if (parts == null || parts.length == 0) {
            throw new OpException(op, "got no tensors; expected at least one");
        }
    }

    private static Shape[] shapes(Tensor[] parts) {
        Shape[] shapes = new Shape[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shapes[i] = parts[i].shape();
        }
        return shapes;
    }

    private static void requireSameDType(String op, Tensor[] parts, Shape[] shapes) {
        for (Tensor t : parts) {
            if (t.dtype() != parts[0].dtype()) {
                StringBuilder types = new StringBuilder();
                for (int i = 0; i < parts.length; i++) {
                    types.append(i == 0 ? "" : ", ").append(parts[i].dtype().label());
                }
                throw new OpException.DTypeException(op, "dtypes " + types + " differ (shapes "
                        + Shape.describe(shapes) + "); expected equal dtypes, cast first");
            }
        }
    }
}
