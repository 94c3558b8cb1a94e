package dev.adjoint.optim;

import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A parameter tree seen as one flat vector: the tensors in tree order, each row-major, so a layered model's
 * columns come as {@code [W1, b1, W2, b2, ...]}. Values travel as doubles whatever the tensors' dtype.
 */
final class FlatParams {
    private FlatParams() {
    }

    /** The tree's values, concatenated in order. */
    static double[] values(Params params) {
        double[] out = new double[Math.toIntExact(params.parameterCount())];
        int at = 0;
        for (var e : params) {
            double[] v = e.getValue().toDoubleArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** A tree with the names, shapes, dtypes and backends of {@code like} holding {@code flat}'s values. */
    static Params unflatten(Params like, double[] flat) {
        if (flat.length != like.parameterCount()) {
            throw new IllegalArgumentException("a flat vector of " + flat.length + " values does not fit a tree of "
                    + like.parameterCount() + " parameters");
        }
        List<String> names = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        int at = 0;
        for (var e : like) {
            Tensor t = e.getValue();
            double[] part = new double[t.size()];
            System.arraycopy(flat, at, part, 0, part.length);
            at += part.length;
            names.add(e.getKey());
            tensors.add(Tensor.of(part).reshape(t.shape().dims()).to(t.backend()).cast(t.dtype()));
        }
        return Params.unflatten(names, tensors);
    }
}
