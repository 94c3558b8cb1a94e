package dev.adjoint.optim;

import dev.adjoint.api.Params;

/**
 * Adam with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW}: each update first scales the
 * parameters, {@code p *= 1 - lr * weightDecay}, then takes the {@link Adam} step on the unchanged gradient.
 * Slots {@code m/<name>} and {@code v/<name>}, as Adam's.
 *
 * @param lr          the learning-rate schedule
 * @param beta1       the first-moment decay, in [0, 1)
 * @param beta2       the second-moment decay, in [0, 1)
 * @param eps         added to the denominator, >= 0
 * @param weightDecay the decoupled decay factor, >= 0
 */
public record AdamW(Schedule lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {

    /** Checks the arguments. */
    public AdamW {
        Adam.checkCommon("AdamW", lr, beta1, beta2, eps, weightDecay);
    }

    /** AdamW with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, weight decay 0.01) and a fixed learning rate. */
    public static AdamW of(double lr) {
        return of(Schedule.constant(lr));
    }

    /** AdamW with PyTorch's defaults and a learning-rate schedule. */
    public static AdamW of(Schedule lr) {
        return new AdamW(lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /** This optimizer with the given moment decays. */
    public AdamW withBetas(double beta1, double beta2) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay);
    }

    /** This optimizer with the given epsilon. */
    public AdamW withEps(double eps) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay);
    }

    /** This optimizer with decoupled weight decay {@code weightDecay}. */
    public AdamW withWeightDecay(double weightDecay) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public OptimizerState init(Params params) {
        return OptimizerState.initial(Slots.zeros(params, Adam.M, Adam.V));
    }

    @Override
    public Step update(Params params, Params grads, OptimizerState state) {
        Slots.check("AdamW.update", params, grads);
        return Adam.step(params, grads, state, lr.at(state.step()), beta1, beta2, eps, 0, weightDecay);
    }
}
