package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.MatmulSpec;

/**
 * Validation, dispatch and backward rule of the batched matrix product with NumPy's {@code matmul} rules;
 * the cotangents are matrix products again ({@code dA = G B^T}, {@code dB = A^T G}), summed over broadcast
 * batch axes.
 */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /**
     * {@code op(a) @ op(b)}: a 1-D {@code a} is promoted to a row {@code [1, k]} and a 1-D {@code b} to a
     * column {@code [k, 1]}, the added axis being removed from the result; leading axes broadcast. The
     * transpose flags swap the last two axes of an operand of rank 2 or more; a 1-D operand is its own
     * transpose, so its flag has no effect.
     */
    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Shape as = a.shape();
        Shape bs = b.shape();
        if (as.rank() == 0 || bs.rank() == 0) {
            throw new OpException.ShapeException("matmul", "shapes " + as + " and " + bs
                    + " include a scalar; expected operands with at least 1 dimension (use mul for scalars)");
        }
        if (a.dtype() != b.dtype()) {
            throw new OpException.DTypeException("matmul", "dtypes " + a.dtype().label() + " and "
                    + b.dtype().label() + " differ (shapes " + as + " and " + bs
                    + "); expected equal dtypes, cast one operand first");
        }
        if (!a.dtype().isFloating()) {
            throw new OpException.DTypeException("matmul", "not defined for int32 (shapes " + as + " and " + bs
                    + "); expected float32 or float64, cast first");
        }
        boolean rowVector = as.rank() == 1;
        boolean columnVector = bs.rank() == 1;
        Shape pa = rowVector ? Shape.of(1, as.dim(0)) : as;
        Shape pb = columnVector ? Shape.of(bs.dim(0), 1) : bs;
        boolean ta = transposeA && !rowVector;
        boolean tb = transposeB && !columnVector;
        int m = pa.dim(ta ? -1 : -2);
        int ka = pa.dim(ta ? -2 : -1);
        int kb = pb.dim(tb ? -1 : -2);
        int n = pb.dim(tb ? -2 : -1);
        if (ka != kb) {
            throw new OpException.ShapeException("matmul", "shapes " + as + " and " + bs
                    + (ta || tb ? " (transposeA=" + ta + ", transposeB=" + tb + ")" : "")
                    + " do not align: the first contracts over a dimension of " + ka + " (axis "
                    + (rowVector ? 0 : ta ? -2 : -1) + "), the second over one of " + kb + " (axis "
                    + (columnVector ? 0 : tb ? -1 : -2) + "); expected equal sizes");
        }
        Shape aBatch = pa.sub(0, pa.rank() - 2);
        Shape bBatch = pb.sub(0, pb.rank() - 2);
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", aBatch, bBatch);
        } catch (OpException.ShapeException e) {
            throw new OpException.ShapeException("matmul", "batch dimensions " + aBatch + " and " + bBatch
                    + " of shapes " + as + " and " + bs + " cannot be broadcast together; expected equal sizes or 1");
        }
        MatmulSpec spec = new MatmulSpec(batch, aBatch.broadcastStrides(batch), bBatch.broadcastStrides(batch),
                m, ka, n, ta, tb);
        Backend backend = Tensor.commonBackend("matmul", a, b);
        int[] batchDims = batch.dims();
        int rank = batchDims.length + (rowVector ? 0 : 1) + (columnVector ? 0 : 1);
        int[] out = java.util.Arrays.copyOf(batchDims, rank);
        int j = batchDims.length;
        if (!rowVector) {
            out[j++] = m;
        }
        if (!columnVector) {
            out[j] = n;
        }
        Shape outShape = Shape.of(out);
        Tensor result = new Tensor(backend, backend.matmul(a.storage(), b.storage(), spec), outShape);
        Shape promotedOut = Shape.of(concat(batchDims, m, n));
        return Autodiff.record("matmul", result, new Tensor[] {a, b}, (g, needed) -> {
            Tensor gp = g.shape().equals(promotedOut) ? g : g.reshape(promotedOut.dims());
            Tensor pA = rowVector ? a.reshape(pa.dims()) : a;
            Tensor pB = columnVector ? b.reshape(pb.dims()) : b;
            Tensor da = null;
            Tensor db = null;
            if (needed[0]) {
                // d op(A) = G op(B)^T; when A is stored transposed, dA = (G op(B)^T)^T = op(B) G^T.
                Tensor d = ta ? Tensor.matmul(pB, gp, tb, true) : Tensor.matmul(gp, pB, false, !tb);
                da = unpromote(Reductions.sumToShape(d, pa), as);
            }
            if (needed[1]) {
                // d op(B) = op(A)^T G; when B is stored transposed, dB = G^T op(A).
                Tensor d = tb ? Tensor.matmul(gp, pA, true, ta) : Tensor.matmul(pA, gp, !ta, false);
                db = unpromote(Reductions.sumToShape(d, pb), bs);
            }
            return new Tensor[] {da, db};
        });
    }

    /** {@code t} reshaped back to an operand's original shape when it was promoted from 1-D. */
    private static Tensor unpromote(Tensor t, Shape original) {
        return t.shape().equals(original) ? t : t.reshape(original.dims());
    }

    private static int[] concat(int[] head, int m, int n) {
        int[] r = java.util.Arrays.copyOf(head, head.length + 2);
        r[head.length] = m;
        r[head.length + 1] = n;
        return r;
    }
}
