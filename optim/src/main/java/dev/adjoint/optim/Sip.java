package dev.adjoint.optim;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.Objects;
import java.util.function.Function;

/**
 * Scale-invariant physics (SIP) training (Holl, Koltun &amp; Thuerey, NeurIPS 2022): the network is trained
 * towards proxy targets found by a (local) inverse of the physics instead of by the physics gradient.
 *
 * <p>For a network prediction {@code x = f(y*; theta)} of the physical input and the targets {@code y*}:
 * <pre>
 *   x_s     = stop(x)
 *   y       = P(x_s)                        forward simulation
 *   dy      = eta (y* - y)                  Newton step of 1/2 |y - y*|^2 in y (Hessian I)
 *   x~      = P^-1(y + dy; x_s)             the {@link SipInverse}; a constant
 *   L_proxy = 1/2 sum_batch |x - x~|^2      (or the batch mean, see {@link Reduction})
 *   theta  <- any Optimizer with dL_proxy/dtheta
 * </pre>
 * so {@code dL_proxy/dx = x - x~}: the network receives the inverse solver's step in place of the physics
 * gradient. Axis 0 of {@code x} and {@code y*} indexes the samples.
 *
 * <p>The reproduction experiments use: the 2D toy an {@link SipInverse#exact exact} inverse
 * {@code x~ = (z1, sqrt z2)} of {@code y = (x1, x2^2)} with {@code eta = 0.3}; the heat-equation inverse a
 * problem-specific {@link SipInverse} (the stabilised inverse diffusion, {@code x~ = x_s + dx(yWanted - y)}) with
 * {@code eta = 1} and Adam; the exponential inversion {@link SipInverse#saddleFreeNewton}; the PBDL oscillators
 * {@link SipInverse#gaussNewton} with {@code rcond = 1e-5}.
 *
 * <p>Usage with a network and a simulator:
 * <pre>{@code
 * Sip sip = Sip.of(heat::simulate, stabilisedInverse);
 * Sip.Step s = sip.step(params, state, adam, p -> unet.apply(p, yStar), yStar);
 * }</pre>
 *
 * @param physics   the forward physics {@code P}, mapping a batch of inputs to a batch of outputs of
 *                  {@code y*}'s shape; it runs without gradient tracking of the network
 * @param inverse   the inverse solver giving {@code x~}
 * @param eta       the step size in y, &gt; 0 (1 in the released experiments except the 2D toy)
 * @param reduction how the proxy loss reduces over the batch
 */
public record Sip(Function<Tensor, Tensor> physics, SipInverse inverse, double eta, Reduction reduction) {

    /** How the proxy loss {@code 1/2 |x_i - x~_i|^2} of the samples is reduced over the batch. */
    public enum Reduction {
        /** The sum over the batch, as in the update rule. */
        SUM,
        /** The mean over the batch (the sum divided by the number of samples). */
        MEAN
    }

    /** Checks the arguments. */
    public Sip {
        Objects.requireNonNull(physics, "physics");
        Objects.requireNonNull(inverse, "inverse");
        Objects.requireNonNull(reduction, "reduction");
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("Sip: the step size eta must be finite and > 0; got " + eta);
        }
    }

    /** SIP with step size 1 and the proxy loss summed over the batch. */
    public static Sip of(Function<Tensor, Tensor> physics, SipInverse inverse) {
        return new Sip(physics, inverse, 1.0, Reduction.SUM);
    }

    /** This update with step size {@code eta}. */
    public Sip withEta(double eta) {
        return new Sip(physics, inverse, eta, reduction);
    }

    /** This update with the proxy loss reduced by {@code reduction}. */
    public Sip withReduction(Reduction reduction) {
        return new Sip(physics, inverse, eta, reduction);
    }

    /**
     * The proxy targets of a prediction.
     *
     * @param xTilde the proxy target {@code x~}, of {@code x}'s shape and dtype
     * @param y      the simulated output {@code P(x)} of the prediction
     */
    public record Targets(Tensor xTilde, Tensor y) {
    }

    /**
     * The proxy gradient of one batch.
     *
     * @param grads     {@code dL_proxy/dtheta}, a tree like the parameters
     * @param proxyLoss the proxy loss
     * @param x         the network's prediction, untracked
     * @param targets   the proxy targets and the simulated output
     */
    public record Gradient(Params grads, Tensor proxyLoss, Tensor x, Targets targets) {
    }

    /**
     * One optimizer update on the proxy loss.
     *
     * @param params   the new parameters
     * @param state    the optimizer's new state
     * @param gradient the proxy gradient that was applied and its by-products
     */
    public record Step(Params params, OptimizerState state, Gradient gradient) {
    }

    /**
     * The proxy target {@code x~} for the prediction {@code x} and targets {@code yTarget}; no gradient flows into
     * either result.
     *
     * @throws IllegalArgumentException when {@code P(x)} does not have {@code yTarget}'s shape, or the inverse
     *                                  returns a shape other than {@code x}'s
     */
    public Targets targets(Tensor x, Tensor yTarget) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(yTarget, "yTarget");
        Tensor xs = Autodiff.stopGradient(x);
        Tensor target = Autodiff.stopGradient(yTarget);
        Tensor y = Autodiff.stopGradient(physics.apply(xs));
        if (!y.shape().equals(target.shape())) {
            throw new IllegalArgumentException("Sip: the physics maps x of shape " + x.shape() + " to y of shape "
                    + y.shape() + " but the targets y* have shape " + target.shape() + "; they must match");
        }
        Tensor yWanted = y.add(target.cast(y.dtype()).sub(y).mul(eta));
        Tensor xTilde = inverse.invert(physics, xs, y, yWanted);
        if (xTilde == null || !xTilde.shape().equals(x.shape())) {
            throw new IllegalArgumentException("Sip: the inverse returned x~ of shape "
                    + (xTilde == null ? "null" : xTilde.shape()) + "; expected x's shape " + x.shape());
        }
        return new Targets(Autodiff.stopGradient(xTilde).cast(x.dtype()), y);
    }

    /**
     * The proxy loss {@code 1/2 |x - x~|^2} reduced over the batch (axis 0), differentiable in {@code x};
     * {@code xTilde} is treated as a constant.
     *
     * @throws IllegalArgumentException when the shapes differ or {@code x} has no batch axis
     */
    public Tensor proxyLoss(Tensor x, Tensor xTilde) {
        if (!x.shape().equals(xTilde.shape())) {
            throw new IllegalArgumentException("Sip.proxyLoss: x has shape " + x.shape() + " but x~ has shape "
                    + xTilde.shape() + "; they must match");
        }
        requireBatch("proxyLoss", x);
        Tensor diff = x.sub(Autodiff.stopGradient(xTilde).cast(x.dtype()));
        Tensor sum = diff.mul(diff).sum().mul(0.5);
        return reduction == Reduction.MEAN ? sum.div(x.dim(0)) : sum;
    }

    /**
     * The proxy gradient: runs {@code network} once (tracked), finds the proxy targets of its prediction and
     * differentiates the proxy loss with respect to {@code params}.
     *
     * @param network the prediction {@code x} from the parameters, e.g. {@code p -> model.apply(p, yStar)}
     * @param yTarget the targets {@code y*}
     */
    public Gradient gradient(Params params, Function<Params, Tensor> network, Tensor yTarget) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(yTarget, "yTarget");
        requireBatch("gradient", yTarget);
        Tensor[] prediction = new Tensor[1];
        Targets[] targets = new Targets[1];
        Autodiff.ValueAndGrads vg = Autodiff.valueAndGrad(p -> {
            Tensor x = network.apply(p);
            requireBatch("gradient", x);
            Targets t = targets(x, yTarget);
            prediction[0] = Autodiff.stopGradient(x);
            targets[0] = t;
            return proxyLoss(x, t.xTilde());
        }, params);
        return new Gradient(vg.grads(), vg.value(), prediction[0], targets[0]);
    }

    /** One update of {@code optimizer} with the proxy gradient of {@link #gradient}. */
    public Step step(Params params, OptimizerState state, Optimizer optimizer, Function<Params, Tensor> network,
            Tensor yTarget) {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(state, "state");
        Gradient g = gradient(params, network, yTarget);
        Optimizer.Step s = optimizer.update(params, g.grads(), state);
        return new Step(s.params(), s.state(), g);
    }

    private static void requireBatch(String op, Tensor t) {
        if (t.rank() == 0 || t.dim(0) == 0) {
            throw new IllegalArgumentException("Sip." + op + ": a tensor of shape " + t.shape()
                    + " has no samples; expected a non-empty batch along axis 0");
        }
    }
}
