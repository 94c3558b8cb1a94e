package dev.adjoint.optim;

import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.Objects;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as PyTorch's
 * {@code torch.optim.SGD} with dampening 0: {@code g += weightDecay * p}; with momentum {@code b = momentum * b + g}
 * (the buffer starts at 0, so the first step has {@code b = g}) and {@code g = nesterov ? g + momentum * b : b};
 * then {@code p -= lr * g}. Slot {@code momentum/<name>} exists only when momentum is non-zero.
 *
 * @param lr          the learning-rate schedule
 * @param momentum    the momentum factor, in [0, 1)
 * @param nesterov    whether to use Nesterov momentum (needs momentum > 0)
 * @param weightDecay the L2 penalty factor added to the gradient, >= 0
 */
public record Sgd(Schedule lr, double momentum, boolean nesterov, double weightDecay) implements Optimizer {
    static final String MOMENTUM = "momentum";

    /** Checks the arguments. */
    public Sgd {
        Objects.requireNonNull(lr, "lr");
        Slots.requireRange("Sgd momentum", momentum, 0, true, 1, false);
        Slots.requireRange("Sgd weightDecay", weightDecay, 0, true, Double.POSITIVE_INFINITY, false);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0");
        }
    }

    /** Plain SGD with a fixed learning rate. */
    public static Sgd of(double lr) {
        return of(Schedule.constant(lr));
    }

    /** Plain SGD with a learning-rate schedule. */
    public static Sgd of(Schedule lr) {
        return new Sgd(lr, 0, false, 0);
    }

    /** This optimizer with momentum factor {@code momentum} (heavy-ball). */
    public Sgd withMomentum(double momentum) {
        return new Sgd(lr, momentum, nesterov, weightDecay);
    }

    /** This optimizer with Nesterov momentum {@code momentum}. */
    public Sgd withNesterov(double momentum) {
        return new Sgd(lr, momentum, true, weightDecay);
    }

    /** This optimizer with L2 weight decay {@code weightDecay}. */
    public Sgd withWeightDecay(double weightDecay) {
        return new Sgd(lr, momentum, nesterov, weightDecay);
    }

    @Override
    public OptimizerState init(Params params) {
        return OptimizerState.initial(momentum == 0 ? Params.empty() : Slots.zeros(params, MOMENTUM));
    }

    @Override
    public Step update(Params params, Params grads, OptimizerState state) {
        Slots.check("Sgd.update", params, grads);
        double rate = lr.at(state.step());
        Slots.Builder slots = new Slots.Builder(MOMENTUM);
        Params next = params.map((name, p) -> {
            Tensor g = grads.get(name);
            if (weightDecay != 0) {
                g = g.add(p.mul(weightDecay));
            }
            if (momentum != 0) {
                Tensor b = state.slot(MOMENTUM, name).mul(momentum).add(g);
                slots.put(MOMENTUM, name, b);
                g = nesterov ? g.add(b.mul(momentum)) : b;
            }
            return p.sub(g.mul(rate));
        });
        return new Step(next, new OptimizerState(state.step() + 1, slots.build()));
    }
}
