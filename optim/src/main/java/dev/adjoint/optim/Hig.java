package dev.adjoint.optim;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Half-inverse gradients (Schnell, Holl &amp; Thuerey, ICLR 2022): a network update that applies
 * {@code J^-kappa} in place of {@code J^T} to the gradient of the loss in the space of the physical outputs.
 *
 * <p>For a mini-batch of {@code b} samples with physical outputs {@code y_i = model(theta, input_i)} of {@code d}
 * elements each, one update is
 * <pre>
 *   J        = [dy_1/dtheta; ...; dy_b/dtheta]      (b*d) x n, rows sample-major, columns the flattened tree
 *   g        = d loss / d y                          flattened, b*d
 *   U S V^T  = thin SVD of J
 *   delta    = V diag(s_k^-kappa) U^T g              over s_k > tau * max(s); the other directions get 0
 *   theta   <- theta - lr * delta
 * </pre>
 * with {@code kappa = 1/2} the half-inverse and {@code kappa = 1} the truncated pseudo-inverse, i.e. the
 * Gauss-Newton step with relative cut-off {@code tau} (numpy's {@code rcond}). The columns follow the tree's order,
 * each tensor row-major, which for a layered model is {@code [W1, b1, W2, b2, ...]}.
 *
 * <p>The loss is taken as given: {@code g} is its gradient. The released code's {@code g} is the gradient of the
 * batch mean {@code L / b} of the summed per-sample losses {@code L}, so pass the mean to reproduce its set-ups
 * (the oscillators and quantum control); its Poisson set-up uses the summed loss itself. With
 * {@code loss = 1/2 |y - y*|^2} summed, a linear model and {@code kappa = 1, lr = 1}, one step reaches the
 * least-squares solution.
 *
 * <p>Each sample runs through the model separately (its input is the batch's slice {@code [i, i+1)} along axis 0),
 * then one reverse sweep per output element gives its rows of {@code J}; the model must therefore treat samples
 * independently (no batch statistics). A model that can take one parameter copy per sample ({@link BatchModel})
 * gets the same {@code J} from one pass over the batch ({@link #directionBatched}), many times faster for small
 * models. The Jacobian and the SVD are computed in float64 for float32 and float64
 * parameters alike; the new parameters keep their dtypes. {@link #direction} returns {@code delta} as a tree, so
 * any {@link Optimizer} can apply it in place of a gradient ({@code Sgd.of(lr)} reproduces {@link #step}).
 *
 * @param lr    the learning rate, &gt; 0 (the released set-ups use 1 for the oscillators, 0.5 for quantum control)
 * @param kappa the exponent of the inverse, in [0, 1]: 1/2 for HIG, 1 for Gauss-Newton
 * @param tau   the relative truncation of the singular values, in (0, 1)
 */
public record Hig(double lr, double kappa, double tau) {

    /** Checks the arguments. */
    public Hig {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Hig: the learning rate lr must be finite and > 0; got " + lr);
        }
        Slots.requireRange("Hig kappa", kappa, 0, true, 1, true);
        Slots.requireRange("Hig tau (the relative singular-value cut-off)", tau, 0, false, 1, false);
    }

    /** The half-inverse update ({@code kappa = 1/2}). */
    public static Hig of(double lr, double tau) {
        return new Hig(lr, 0.5, tau);
    }

    /** The Gauss-Newton update ({@code kappa = 1}), the released code's baseline. */
    public static Hig gaussNewton(double lr, double tau) {
        return new Hig(lr, 1.0, tau);
    }

    /** The physical output of one sample. */
    @FunctionalInterface
    public interface Model {
        /**
         * The physical output for one sample, e.g. the simulated end state under the network's control.
         *
         * @param params the network parameters (tracked)
         * @param input  the sample's input: the batch's slice {@code [i, i+1)} along axis 0, so its leading
         *               dimension is 1
         * @return the output, with leading dimension 1 and the same shape for every sample
         */
        Tensor output(Params params, Tensor input);
    }

    /**
     * The physical outputs of a whole batch in one pass, each sample with its own copy of the parameters: the
     * faster form of {@link Model} (one forward pass and {@code d} reverse sweeps instead of {@code b} forward
     * passes and {@code b * d} sweeps), for models written to take per-sample parameters.
     */
    @FunctionalInterface
    public interface BatchModel {
        /**
         * The outputs of all samples.
         *
         * @param params every parameter with a leading axis of the batch size: sample {@code i} must use only
         *               element {@code [i]} of each tensor (tracked)
         * @param inputs the batch, samples along axis 0
         * @return the outputs, samples along axis 0; output {@code i} may depend only on sample {@code i}'s input
         *         and parameters
         */
        Tensor outputs(Params params, Tensor inputs);
    }

    /** The loss of a batch of outputs. */
    @FunctionalInterface
    public interface Loss {
        /**
         * The one-element loss of {@code outputs}, the samples' outputs concatenated along axis 0 (the batch's
         * targets are closed over).
         */
        Tensor loss(Tensor outputs);
    }

    /**
     * The update direction and its diagnostics.
     *
     * @param delta          {@code V diag(s^-kappa) U^T g} as a tree like the parameters (the step is
     *                       {@code -lr * delta})
     * @param loss           the loss of the batch at the current parameters
     * @param outputs        the batch's outputs at the current parameters, untracked
     * @param singularValues all singular values of {@code J}, descending
     * @param kept           how many exceeded {@code tau * max}
     */
    public record Direction(Params delta, Tensor loss, Tensor outputs, double[] singularValues, int kept) {
    }

    /**
     * One update.
     *
     * @param params    the new parameters
     * @param direction the direction taken and its diagnostics
     */
    public record Step(Params params, Direction direction) {
    }

    /** One update: {@code theta - lr * delta} from {@link #direction}. */
    public Step step(Params params, Tensor inputs, Model model, Loss loss) {
        return step(params, direction(params, inputs, model, loss));
    }

    /** One update with a {@link BatchModel}: {@code theta - lr * delta} from {@link #directionBatched}. */
    public Step stepBatched(Params params, Tensor inputs, BatchModel model, Loss loss) {
        return step(params, directionBatched(params, inputs, model, loss));
    }

    private Step step(Params params, Direction d) {
        return new Step(params.zip(d.delta(), (p, delta) -> p.sub(delta.mul(lr))), d);
    }

    /**
     * The update direction {@code delta} for the batch {@code inputs} (axis 0 indexes the samples).
     *
     * @throws IllegalArgumentException when the batch is empty or has no batch axis, the parameter tree is empty
     *                                  or not floating, a sample's output lacks the leading dimension 1 or differs
     *                                  in shape from the first sample's, or the loss is not one floating element
     * @throws IllegalStateException    when gradient recording is off in this thread
     * @throws ArithmeticException      when the Jacobian or the loss gradient has a NaN or infinite element
     */
    public Direction direction(Params params, Tensor inputs, Model model, Loss loss) {
        Objects.requireNonNull(model, "model");
        int b = requireBatch(params, inputs, loss);
        List<String> names = params.names();
        int n = Math.toIntExact(params.parameterCount());
        List<Tensor> outputs = new ArrayList<>(b);
        double[][] rows = new double[b][];
        int d = -1;
        for (int i = 0; i < b; i++) {
            Tensor input = inputs.slice(0, i, i + 1);
            Jacobians.Result r = Jacobians.of("Hig",
                    ts -> model.output(Params.unflatten(names, ts), input), params.flatten());
            Tensor y = r.value();
            if (y.rank() == 0 || y.dim(0) != 1) {
                throw new IllegalArgumentException("Hig: the model's output for sample " + i + " has shape "
                        + y.shape() + "; expected a leading dimension of 1 (one sample)");
            }
            if (i > 0 && !y.shape().equals(outputs.get(0).shape())) {
                throw new IllegalArgumentException("Hig: the model's output for sample " + i + " has shape "
                        + y.shape() + " but sample 0's has shape " + outputs.get(0).shape()
                        + "; every sample must give the same shape");
            }
            d = r.outputs();
            outputs.add(y);
            rows[i] = r.matrix();
        }
        requireOutputs(d, outputs.get(0));
        double[] jac = new double[Math.multiplyExact(b * d, n)];
        for (int i = 0; i < b; i++) {
            System.arraycopy(rows[i], 0, jac, i * d * n, d * n);
        }
        return solve(params, Tensor.concat(0, outputs.toArray(Tensor[]::new)), jac, b, d, n, loss);
    }

    /**
     * The update direction with a {@link BatchModel}: the parameters are copied once per sample, the batch runs
     * forward once, and one reverse sweep per output element of a sample gives that element's row of {@code J}
     * for every sample at once (the gradient of the summed element with respect to sample {@code i}'s copy).
     * The same direction as {@link #direction(Params, Tensor, Model, Loss)} for the same per-sample function.
     *
     * @throws IllegalArgumentException as the {@link Model} form, and when the outputs' leading dimension is not
     *                                  the batch size
     * @throws IllegalStateException    when gradient recording is off in this thread
     * @throws ArithmeticException      when the Jacobian or the loss gradient has a NaN or infinite element
     */
    public Direction directionBatched(Params params, Tensor inputs, BatchModel model, Loss loss) {
        Objects.requireNonNull(model, "model");
        int b = requireBatch(params, inputs, loss);
        if (!Autodiff.isGradEnabled()) {
            throw new IllegalStateException("Hig differentiates the physics and needs gradient recording; it was "
                    + "called inside Autodiff.noGrad");
        }
        List<String> names = params.names();
        int n = Math.toIntExact(params.parameterCount());
        Tensor[] copies = new Tensor[names.size()];
        for (int t = 0; t < copies.length; t++) {
            Tensor p = Autodiff.stopGradient(params.get(names.get(t)));
            int[] dims = new int[p.rank() + 1];
            dims[0] = b;
            System.arraycopy(p.shape().dims(), 0, dims, 1, p.rank());
            copies[t] = Autodiff.track(p.unsqueeze(0).broadcastTo(dims));
        }
        Tensor y = model.outputs(Params.unflatten(names, List.of(copies)), inputs);
        if (y.rank() == 0 || y.dim(0) != b) {
            throw new IllegalArgumentException("Hig: the batch model's outputs have shape " + y.shape()
                    + "; expected a leading dimension of " + b + " (the batch size)");
        }
        int d = y.size() / b;
        requireOutputs(d, y);
        double[] jac = new double[Math.multiplyExact(b * d, n)];
        if (y.requiresGrad()) {
            double[] onehot = new double[b * d];
            for (int k = 0; k < d; k++) {
                for (int i = 0; i < b; i++) {
                    onehot[i * d + k] = 1;
                }
                Tensor seed = Tensor.of(onehot).reshape(y.shape().dims()).to(y.backend()).cast(y.dtype());
                Arrays.fill(onehot, 0);
                Tensor[] g = Autodiff.gradients(y, seed, k < d - 1, copies);
                int column = 0;
                for (Tensor gt : g) {
                    double[] values = gt.toDoubleArray();
                    int size = values.length / b;
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(values, i * size, jac, (i * d + k) * n + column, size);
                    }
                    column += size;
                }
            }
        }
        return solve(params, Autodiff.stopGradient(y), jac, b, d, n, loss);
    }

    /** Checks the arguments both forms share; returns the batch size. */
    private static int requireBatch(Params params, Tensor inputs, Loss loss) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(loss, "loss");
        if (params.size() == 0 || params.parameterCount() == 0) {
            throw new IllegalArgumentException("Hig: the parameter tree is empty; nothing to update");
        }
        for (var e : params) {
            if (!e.getValue().dtype().isFloating()) {
                throw new IllegalArgumentException("Hig: parameter '" + e.getKey() + "' is "
                        + e.getValue().dtype().label() + "; HIG updates float32 or float64 parameters");
            }
        }
        if (inputs.rank() == 0) {
            throw new IllegalArgumentException("Hig: the inputs are a scalar; expected a batch with the samples "
                    + "along axis 0");
        }
        int b = inputs.dim(0);
        if (b == 0) {
            throw new IllegalArgumentException("Hig: the batch is empty (inputs of shape " + inputs.shape()
                    + "); expected at least one sample along axis 0");
        }
        return b;
    }

    private static void requireOutputs(int d, Tensor first) {
        if (d == 0) {
            throw new IllegalArgumentException("Hig: the model's outputs are empty (shape " + first.shape()
                    + "); expected at least one physical output per sample");
        }
    }

    /** The loss gradient {@code g} at the batch's outputs, then {@code V diag(s^-kappa) U^T g}. */
    private Direction solve(Params params, Tensor batch, double[] jac, int b, int d, int n, Loss loss) {
        Autodiff.ValueAndGrad lg = Autodiff.valueAndGrad(out -> {
            Tensor l = loss.loss(out);
            if (l.size() != 1 || !l.dtype().isFloating()) {
                throw new IllegalArgumentException("Hig: the loss must be one float32 or float64 element; got "
                        + l.dtype().label() + " of shape " + l.shape());
            }
            return l;
        }, batch);
        double[] g = lg.grad().toDoubleArray();
        requireFinite(jac, g, d, n, params);
        Svd svd = Svd.of(jac, b * d, n);
        double[] delta = svd.inversePowerTimes(g, kappa, tau);
        return new Direction(FlatParams.unflatten(params, delta), lg.value(), batch, svd.singularValues(),
                svd.kept(tau));
    }

    private static void requireFinite(double[] jac, double[] g, int d, int n, Params params) {
        for (int r = 0; r < g.length; r++) {
            if (!Double.isFinite(g[r])) {
                throw new ArithmeticException("Hig: the loss gradient is " + g[r] + " at output " + r % d
                        + " of sample " + r / d);
            }
        }
        for (int k = 0; k < jac.length; k++) {
            if (!Double.isFinite(jac[k])) {
                int row = k / n;
                int col = k % n;
                String name = null;
                for (var e : params) {
                    if (col < e.getValue().size()) {
                        name = e.getKey();
                        break;
                    }
                    col -= e.getValue().size();
                }
                throw new ArithmeticException("Hig: the Jacobian is " + jac[k] + " for output " + row % d
                        + " of sample " + row / d + " with respect to element " + col + " of '" + name + "'");
            }
        }
    }
}
