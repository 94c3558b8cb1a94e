package dev.adjoint.optim;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Stabilized backpropagation through time (Schnell &amp; Thuerey, ICLR 2024): the gradient of a loss over a
 * trajectory of a differentiable simulator driven by a neural controller, with the R, M, S or C placement of
 * stop-gradients, and the sign-agreement rule that makes C.
 *
 * <p>One time step is {@code c_n = N(x_n; theta)}, {@code x_{n+1} = P(x_n, c_n)}. The variants differ only in
 * where the gradient is stopped inside a step, identically at every step:
 * <ul>
 *   <li>{@link Variant#R}: nothing stopped (regular BPTT);</li>
 *   <li>{@link Variant#M}: the network input is stopped, {@code N(stop(x_n))}, the physics path kept;</li>
 *   <li>{@link Variant#S}: both stopped, {@code N(stop(x_n))} and {@code P(stop(x_n), c_n)}: no feedback in time;</li>
 *   <li>{@link Variant#C}: the M gradient kept where its sign agrees with the R gradient ({@link #combine}).</li>
 * </ul>
 *
 * <p>C runs one forward pass and two reverse sweeps over the same recorded graph. The controller reads the
 * state through a switch node that is the identity going forward and, going backward, passes the cotangent
 * (first sweep: R) or zeros (second sweep: M). The switch is read when the backward rule runs, so both sweeps
 * share every forward value; the released code's two tapes compute the same two gradients with twice the
 * forward work.
 */
public final class Bptt {
    private Bptt() {
    }

    /** Where the gradient is stopped inside each time step; see {@link Bptt}. */
    public enum Variant {
        /** Regular BPTT: gradients flow through the network input and the physics state. */
        R,
        /** Modified: the network input is stopped; feedback in time only along the physics path. */
        M,
        /** Stopped: the network input and the physics state input are stopped; no feedback in time. */
        S,
        /** Combined: M's gradient where its sign agrees with R's, zero elsewhere. */
        C
    }

    /** The controller {@code c = N(state; params)}. */
    @FunctionalInterface
    public interface Controller {
        /** The control for {@code state} (possibly a stopped copy) with parameters {@code params}. */
        Tensor control(Params params, Tensor state);
    }

    /** One differentiable simulator step {@code x_{n+1} = P(x_n, c_n)}. */
    @FunctionalInterface
    public interface Simulator {
        /** The next state from the state and the control. */
        Tensor step(Tensor state, Tensor control);
    }

    /** The loss of a trajectory; must return a one-element floating tensor. */
    @FunctionalInterface
    public interface TrajectoryLoss {
        /**
         * The loss from {@code states} (horizon + 1 entries: the initial state, then the state after each step)
         * and {@code controls} (horizon entries; {@code controls.get(n)} was applied to {@code states.get(n)}).
         */
        Tensor loss(List<Tensor> states, List<Tensor> controls);
    }

    /**
     * Options of {@link #rollout}: clipping applied after the combination (by value first, then by global norm;
     * infinity turns either off) and whether each time step is checkpointed.
     *
     * @param clipValue  element-wise clip to {@code [-clipValue, clipValue]}; infinite for none
     * @param clipNorm   global-norm clip to {@code clipNorm}; infinite for none
     * @param checkpoint whether to run each step under {@link Autodiff#checkpoint}, which keeps only the states and
     *                   controls between steps and recomputes a step's intermediates in each reverse sweep (state
     *                   and control must then share a dtype)
     */
    public record Options(double clipValue, double clipNorm, boolean checkpoint) {
        /** Checks the arguments. */
        public Options {
            if (!(clipValue >= 0)) {
                throw new IllegalArgumentException("clipValue must be >= 0 (infinite for none), got " + clipValue);
            }
            if (!(clipNorm > 0)) {
                throw new IllegalArgumentException("clipNorm must be > 0 (infinite for none), got " + clipNorm);
            }
        }

        /** No clipping, no checkpointing. */
        public static Options defaults() {
            return new Options(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false);
        }

        /** These options with element-wise clipping to {@code [-limit, limit]}. */
        public Options withClipValue(double limit) {
            return new Options(limit, clipNorm, checkpoint);
        }

        /** These options with global-norm clipping to {@code maxNorm}. */
        public Options withClipNorm(double maxNorm) {
            return new Options(clipValue, maxNorm, checkpoint);
        }

        /** These options with checkpointing on or off. */
        public Options withCheckpoint(boolean on) {
            return new Options(clipValue, clipNorm, on);
        }
    }

    /**
     * The outcome of a rollout.
     *
     * @param loss     the trajectory loss (not tracked)
     * @param grads    the gradient to apply: the variant's gradient, combined for C, then clipped
     * @param gradNorm the global L2 norm of the gradient before clipping (after the combination for C)
     * @param regular  for C the R gradient, otherwise an empty tree
     * @param modified for C the M gradient, otherwise an empty tree
     */
    public record Result(Tensor loss, Params grads, double gradNorm, Params regular, Params modified) {
    }

    // ---- the combination rule ------------------------------------------------------------------------

    /**
     * The C rule: per component, {@code gM} where {@code sign(gM) == sign(gR)} with the three-valued sign
     * {-1, 0, +1}, else 0. Both zero keeps {@code gM}'s zero; exactly one zero, opposite signs or a NaN in either
     * give 0. The kept value is always {@code gM}'s own; nothing is rescaled.
     *
     * @throws IllegalArgumentException when the trees differ in names, shapes or dtypes
     */
    public static Params combine(Params gM, Params gR) {
        Slots.check("Bptt.combine", gM, gR, "modified gradients", "regular gradients");
        return gM.zip(gR, (m, r) -> Tensor.where(m.sign().eq(r.sign()), m, m.zerosLike()));
    }

    /** The cosine of the angle between two trees seen as flat vectors (a diagnostic for M against R). */
    public static double cosineSimilarity(Params a, Params b) {
        Slots.check("Bptt.cosineSimilarity", a, b, "first tree", "second tree");
        double dot = 0;
        for (var e : a) {
            dot += e.getValue().mul(b.get(e.getKey())).sum().item();
        }
        return dot / (Clip.globalNorm(a) * Clip.globalNorm(b));
    }

    // ---- rollouts ------------------------------------------------------------------------------------

    /** {@link #rollout(Params, Tensor, Controller, Simulator, int, TrajectoryLoss, Variant, Options)} with
     * {@link Options#defaults()}. */
    public static Result rollout(Params params, Tensor initialState, Controller controller, Simulator simulator,
            int horizon, TrajectoryLoss loss, Variant variant) {
        return rollout(params, initialState, controller, simulator, horizon, loss, variant, Options.defaults());
    }

    /**
     * Runs the controller in the loop for {@code horizon} steps from {@code initialState} and returns the loss
     * and the gradient of the loss with respect to {@code params} for {@code variant} (see {@link Bptt}).
     * Records a graph, so it must not run inside {@link Autodiff#noGrad()}.
     */
    public static Result rollout(Params params, Tensor initialState, Controller controller, Simulator simulator,
            int horizon, TrajectoryLoss loss, Variant variant, Options options) {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(options, "options");
        if (horizon < 0) {
            throw new IllegalArgumentException("Bptt.rollout: the horizon must be >= 0, got " + horizon);
        }
        if (!Autodiff.isGradEnabled()) {
            throw new IllegalStateException("Bptt.rollout records a graph to take gradients; it was called with "
                    + "gradient recording off (inside Autodiff.noGrad)");
        }
        List<String> names = params.names();
        List<Tensor> tracked = new ArrayList<>(names.size());
        for (Tensor p : params.flatten()) {
            tracked.add(Autodiff.track(p));
        }
        Tensor[] wrt = tracked.toArray(Tensor[]::new);
        Params theta = Params.unflatten(names, tracked);
        Gate gate = new Gate();
        Stepper stepper = new Stepper(controller, simulator, variant, gate);

        List<Tensor> states = new ArrayList<>(horizon + 1);
        List<Tensor> controls = new ArrayList<>(horizon);
        states.add(initialState);
        for (int n = 0; n < horizon; n++) {
            Tensor[] next = options.checkpoint()
                    ? stepper.checkpointed(names, wrt, states.get(n))
                    : stepper.step(theta, states.get(n));
            states.add(next[0]);
            controls.add(next[1]);
        }
        Tensor y = loss.loss(List.copyOf(states), List.copyOf(controls));
        if (y.size() != 1 || !y.dtype().isFloating()) {
            throw new IllegalArgumentException("Bptt.rollout: the loss must be a one-element float tensor; it is "
                    + y.dtype().label() + " of shape " + y.shape());
        }
        Tensor seed = y.onesLike();

        Params grads;
        Params regular = Params.empty();
        Params modified = Params.empty();
        if (variant == Variant.C) {
            gate.open = true;
            regular = Params.unflatten(names, Arrays.asList(Autodiff.gradients(y, seed, true, wrt)));
            gate.open = false;
            modified = Params.unflatten(names, Arrays.asList(Autodiff.gradients(y, seed, false, wrt)));
            grads = combine(modified, regular);
        } else {
            grads = Params.unflatten(names, Arrays.asList(Autodiff.gradients(y, seed, false, wrt)));
        }
        double norm = Clip.globalNorm(grads);
        if (Double.isFinite(options.clipValue())) {
            grads = Clip.byValue(grads, options.clipValue());
        }
        if (Double.isFinite(options.clipNorm())) {
            grads = Clip.byGlobalNorm(grads, options.clipNorm()).grads();
        }
        return new Result(Autodiff.stopGradient(y), grads, norm, regular, modified);
    }

    /** The switch of the C variant: the identity forward; backward the cotangent when open, zeros when shut. */
    private static final class Gate {
        boolean open = true;

        Tensor apply(Tensor x) {
            return Autodiff.customGradient("bptt-switch", in -> in[0],
                    (in, out, g) -> new Tensor[] {open ? g : g.zerosLike()}, x);
        }
    }

    /** One time step with the variant's stop-gradient placement. */
    private record Stepper(Controller controller, Simulator simulator, Variant variant, Gate gate) {

        /** {next state, control}. */
        Tensor[] step(Params theta, Tensor x) {
            Tensor networkInput = switch (variant) {
                case R -> x;
                case M, S -> Autodiff.stopGradient(x);
                case C -> gate.apply(x);
            };
            Tensor physicsInput = variant == Variant.S ? Autodiff.stopGradient(x) : x;
            Tensor c = Objects.requireNonNull(controller.control(theta, networkInput), "the controller returned null");
            Tensor next = Objects.requireNonNull(simulator.step(physicsInput, c), "the simulator returned null");
            return new Tensor[] {next, c};
        }

        /** {@link #step} under a checkpoint whose inputs are the state and the parameters. */
        Tensor[] checkpointed(List<String> names, Tensor[] wrt, Tensor x) {
            Tensor[] inputs = new Tensor[wrt.length + 1];
            inputs[0] = x;
            System.arraycopy(wrt, 0, inputs, 1, wrt.length);
            int[][] shapes = new int[2][];
            Tensor packed = Autodiff.checkpoint(args -> {
                Params theta = Params.unflatten(names, Arrays.asList(args).subList(1, args.length));
                Tensor[] r = step(theta, args[0]);
                if (r[0].dtype() != r[1].dtype()) {
                    throw new IllegalArgumentException("Bptt.rollout with checkpointing needs the state and the "
                            + "control to share a dtype; they are " + r[0].dtype().label() + " and "
                            + r[1].dtype().label());
                }
                shapes[0] = r[0].shape().dims();
                shapes[1] = r[1].shape().dims();
                return Tensor.concat(0, r[0].reshape(-1), r[1].reshape(-1));
            }, inputs);
            int stateSize = sizeOf(shapes[0]);
            int total = packed.dim(0);
            Tensor next = packed.slice(0, 0, stateSize).reshape(shapes[0]);
            Tensor c = packed.slice(0, stateSize, total).reshape(shapes[1]);
            return new Tensor[] {next, c};
        }

        private static int sizeOf(int[] dims) {
            int n = 1;
            for (int d : dims) {
                n *= d;
            }
            return n;
        }
    }
}
