package dev.adjoint.optim;

import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.Objects;

/**
 * RMSprop as PyTorch's {@code torch.optim.RMSprop}: {@code g += weightDecay * p};
 * {@code s = alpha s + (1 - alpha) g^2}; centered: {@code a = alpha a + (1 - alpha) g} and
 * {@code d = sqrt(s - a^2) + eps}, else {@code d = sqrt(s) + eps}; with momentum {@code b = momentum b + g / d} and
 * {@code p -= lr b}, else {@code p -= lr g / d}. Slots {@code square_avg/<name>}, plus {@code grad_avg/<name>} when
 * centered and {@code momentum/<name>} when momentum is non-zero.
 *
 * @param lr          the learning-rate schedule
 * @param alpha       the smoothing constant, in [0, 1)
 * @param eps         added to the denominator, >= 0
 * @param momentum    the momentum factor, in [0, 1)
 * @param centered    whether to normalise by the estimated variance instead of the raw second moment
 * @param weightDecay the L2 penalty factor added to the gradient, >= 0
 */
public record RmsProp(Schedule lr, double alpha, double eps, double momentum, boolean centered, double weightDecay)
        implements Optimizer {
    static final String SQUARE_AVG = "square_avg";
    static final String GRAD_AVG = "grad_avg";
    static final String MOMENTUM = "momentum";

    /** Checks the arguments. */
    public RmsProp {
        Objects.requireNonNull(lr, "lr");
        Slots.requireRange("RmsProp alpha", alpha, 0, true, 1, false);
        Slots.requireRange("RmsProp eps", eps, 0, true, Double.POSITIVE_INFINITY, false);
        Slots.requireRange("RmsProp momentum", momentum, 0, true, 1, false);
        Slots.requireRange("RmsProp weightDecay", weightDecay, 0, true, Double.POSITIVE_INFINITY, false);
    }

    /** RMSprop with PyTorch's defaults (alpha 0.99, eps 1e-8, no momentum, not centered) and a fixed rate. */
    public static RmsProp of(double lr) {
        return of(Schedule.constant(lr));
    }

    /** RMSprop with PyTorch's defaults and a learning-rate schedule. */
    public static RmsProp of(Schedule lr) {
        return new RmsProp(lr, 0.99, 1e-8, 0, false, 0);
    }

    /** This optimizer with smoothing constant {@code alpha}. */
    public RmsProp withAlpha(double alpha) {
        return new RmsProp(lr, alpha, eps, momentum, centered, weightDecay);
    }

    /** This optimizer with the given epsilon. */
    public RmsProp withEps(double eps) {
        return new RmsProp(lr, alpha, eps, momentum, centered, weightDecay);
    }

    /** This optimizer with momentum factor {@code momentum}. */
    public RmsProp withMomentum(double momentum) {
        return new RmsProp(lr, alpha, eps, momentum, centered, weightDecay);
    }

    /** This optimizer, centered or not. */
    public RmsProp withCentered(boolean centered) {
        return new RmsProp(lr, alpha, eps, momentum, centered, weightDecay);
    }

    /** This optimizer with L2 weight decay {@code weightDecay}. */
    public RmsProp withWeightDecay(double weightDecay) {
        return new RmsProp(lr, alpha, eps, momentum, centered, weightDecay);
    }

    private String[] slotNames() {
        if (centered && momentum != 0) {
            return new String[] {SQUARE_AVG, GRAD_AVG, MOMENTUM};
        }
        if (centered) {
            return new String[] {SQUARE_AVG, GRAD_AVG};
        }
        return momentum != 0 ? new String[] {SQUARE_AVG, MOMENTUM} : new String[] {SQUARE_AVG};
    }

    @Override
    public OptimizerState init(Params params) {
        return OptimizerState.initial(Slots.zeros(params, slotNames()));
    }

    @Override
    public Step update(Params params, Params grads, OptimizerState state) {
        Slots.check("RmsProp.update", params, grads);
        double rate = lr.at(state.step());
        Slots.Builder slots = new Slots.Builder(slotNames());
        Params next = params.map((name, p) -> {
            Tensor g = grads.get(name);
            if (weightDecay != 0) {
                g = g.add(p.mul(weightDecay));
            }
            Tensor s = state.slot(SQUARE_AVG, name).mul(alpha).add(g.mul(g).mul(1 - alpha));
            slots.put(SQUARE_AVG, name, s);
            Tensor d;
            if (centered) {
                Tensor a = state.slot(GRAD_AVG, name).mul(alpha).add(g.mul(1 - alpha));
                slots.put(GRAD_AVG, name, a);
                d = s.sub(a.mul(a)).sqrt().add(eps);
            } else {
                d = s.sqrt().add(eps);
            }
            if (momentum != 0) {
                Tensor b = state.slot(MOMENTUM, name).mul(momentum).add(g.div(d));
                slots.put(MOMENTUM, name, b);
                return p.sub(b.mul(rate));
            }
            return p.sub(g.div(d).mul(rate));
        });
        return new Step(next, new OptimizerState(state.step() + 1, slots.build()));
    }
}
