package dev.adjoint.optim;

import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.Objects;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} (amsgrad off), with optional L2 weight decay added to the gradient
 * ({@code g += weightDecay * p}). At update {@code t} (1-based): {@code m = beta1 m + (1 - beta1) g},
 * {@code v = beta2 v + (1 - beta2) g^2}, and, with {@code m^ = m / (1 - beta1^t)} and {@code v^ = v / (1 - beta2^t)},
 * {@code p -= lr * m^ / (sqrt(v^) + eps)}, evaluated in PyTorch's order
 * {@code p -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)}. Slots {@code m/<name>} and
 * {@code v/<name>}. For decoupled weight decay use {@link AdamW}.
 *
 * @param lr          the learning-rate schedule
 * @param beta1       the first-moment decay, in [0, 1)
 * @param beta2       the second-moment decay, in [0, 1)
 * @param eps         added to the denominator, >= 0
 * @param weightDecay the L2 penalty factor added to the gradient, >= 0
 */
public record Adam(Schedule lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {
    static final String M = "m";
    static final String V = "v";

    /** Checks the arguments. */
    public Adam {
        checkCommon("Adam", lr, beta1, beta2, eps, weightDecay);
    }

    /** Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, no weight decay) and a fixed learning rate. */
    public static Adam of(double lr) {
        return of(Schedule.constant(lr));
    }

    /** Adam with PyTorch's defaults and a learning-rate schedule. */
    public static Adam of(Schedule lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8, 0);
    }

    /** This optimizer with the given moment decays. */
    public Adam withBetas(double beta1, double beta2) {
        return new Adam(lr, beta1, beta2, eps, weightDecay);
    }

    /** This optimizer with the given epsilon. */
    public Adam withEps(double eps) {
        return new Adam(lr, beta1, beta2, eps, weightDecay);
    }

    /** This optimizer with L2 weight decay (added to the gradient). */
    public Adam withWeightDecay(double weightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public OptimizerState init(Params params) {
        return OptimizerState.initial(Slots.zeros(params, M, V));
    }

    @Override
    public Step update(Params params, Params grads, OptimizerState state) {
        Slots.check("Adam.update", params, grads);
        return step(params, grads, state, lr.at(state.step()), beta1, beta2, eps, weightDecay, 0);
    }

    static void checkCommon(String who, Schedule lr, double beta1, double beta2, double eps, double weightDecay) {
        Objects.requireNonNull(lr, "lr");
        Slots.requireRange(who + " beta1", beta1, 0, true, 1, false);
        Slots.requireRange(who + " beta2", beta2, 0, true, 1, false);
        Slots.requireRange(who + " eps", eps, 0, true, Double.POSITIVE_INFINITY, false);
        Slots.requireRange(who + " weightDecay", weightDecay, 0, true, Double.POSITIVE_INFINITY, false);
    }

    /**
     * The Adam step shared with {@link AdamW}: {@code decoupled} scales the parameter by {@code 1 - rate * decoupled}
     * first, {@code l2} is added to the gradient as {@code l2 * p}.
     */
    static Step step(Params params, Params grads, OptimizerState state, double rate, double beta1, double beta2,
            double eps, double l2, double decoupled) {
        long t = state.step() + 1;
        double stepSize = rate / (1 - Math.pow(beta1, t));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        Slots.Builder slots = new Slots.Builder(M, V);
        Params next = params.map((name, p) -> {
            Tensor g = grads.get(name);
            if (decoupled != 0) {
                p = p.mul(1 - rate * decoupled);
            }
            if (l2 != 0) {
                g = g.add(p.mul(l2));
            }
            Tensor m = state.slot(M, name).mul(beta1).add(g.mul(1 - beta1));
            Tensor v = state.slot(V, name).mul(beta2).add(g.mul(g).mul(1 - beta2));
            slots.put(M, name, m);
            slots.put(V, name, v);
            Tensor denom = v.sqrt().div(correction2Sqrt).add(eps);
            return p.sub(m.div(denom).mul(stepSize));
        });
        return new Step(next, new OptimizerState(t, slots.build()));
    }
}
