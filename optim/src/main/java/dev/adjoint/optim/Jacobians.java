package dev.adjoint.optim;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Dense Jacobians for small problems: one forward evaluation recorded on the tape, then one reverse sweep per
 * output element over the kept graph.
 */
final class Jacobians {
    private Jacobians() {
    }

    /**
     * A function's value and Jacobian.
     *
     * @param value  the output, untracked
     * @param matrix row-major {@code outputs x inputs}: row {@code i} is the gradient of output element {@code i}
     *               (flat, row-major) with respect to all input elements (the inputs concatenated, row-major)
     */
    record Result(Tensor value, double[] matrix, int outputs, int inputs) {
    }

    /**
     * The Jacobian of {@code f} at {@code inputs}. {@code f} sees tracked copies of the inputs.
     *
     * @throws IllegalStateException when gradient recording is off in this thread
     */
    static Result of(String op, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        if (!Autodiff.isGradEnabled()) {
            throw new IllegalStateException(op + " differentiates the physics and needs gradient recording; it was "
                    + "called inside Autodiff.noGrad");
        }
        Tensor[] tracked = new Tensor[inputs.size()];
        int n = 0;
        for (int j = 0; j < tracked.length; j++) {
            tracked[j] = Autodiff.track(Autodiff.stopGradient(inputs.get(j)));
            n += tracked[j].size();
        }
        Tensor y = f.apply(List.of(tracked));
        if (!y.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": the function returned an " + y.dtype().label()
                    + " tensor; a Jacobian needs float32 or float64");
        }
        int m = y.size();
        double[] jac = new double[Math.multiplyExact(m, n)];
        Tensor value = Autodiff.stopGradient(y);
        if (y.requiresGrad()) {
            double[] onehot = new double[m];
            for (int i = 0; i < m; i++) {
                onehot[i] = 1;
                Tensor seed = Tensor.of(onehot).reshape(y.shape().dims()).to(y.backend()).cast(y.dtype());
                onehot[i] = 0;
                Tensor[] g = Autodiff.gradients(y, seed, i < m - 1, tracked);
                int at = i * n;
                for (Tensor gj : g) {
                    double[] row = gj.toDoubleArray();
                    System.arraycopy(row, 0, jac, at, row.length);
                    at += row.length;
                }
            }
        }
        return new Result(value, jac, m, n);
    }
}
