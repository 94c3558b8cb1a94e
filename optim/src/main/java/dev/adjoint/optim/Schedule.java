package dev.adjoint.optim;

/**
 * A learning-rate schedule: the rate for the update with index {@code step} (0 for the first update, as the
 * optimizer state's step count before the update). The factories follow PyTorch's schedulers and optax.
 */
@FunctionalInterface
public interface Schedule {

    /** The learning rate of update {@code step} (0-based). */
    double at(long step);

    /** The same rate at every step. */
    static Schedule constant(double value) {
        return step -> value;
    }

    /** {@code initial * gamma^floor(step / stepSize)} (PyTorch's StepLR). */
    static Schedule stepDecay(double initial, long stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("stepDecay: stepSize must be > 0, got " + stepSize);
        }
        return step -> initial * Math.pow(gamma, Math.floorDiv(step, stepSize));
    }

    /** {@code initial * gamma^step} (PyTorch's ExponentialLR). */
    static Schedule exponential(double initial, double gamma) {
        return step -> initial * Math.pow(gamma, step);
    }

    /**
     * Cosine decay from {@code initial} at step 0 to {@code finalValue} at {@code decaySteps}, held there after:
     * {@code final + (initial - final) * (1 + cos(pi * min(step, decaySteps) / decaySteps)) / 2}
     * (PyTorch's CosineAnnealingLR with eta_min = final over one half period; optax's cosine_decay_schedule).
     */
    static Schedule cosine(double initial, long decaySteps, double finalValue) {
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("cosine: decaySteps must be > 0, got " + decaySteps);
        }
        return step -> {
            double t = (double) Math.min(Math.max(step, 0), decaySteps) / decaySteps;
            return finalValue + (initial - finalValue) * (1 + Math.cos(Math.PI * t)) / 2;
        };
    }

    /**
     * Linear warm-up from {@code start} to {@code after.at(0)} over {@code warmupSteps} updates, then {@code after}
     * shifted by the warm-up: {@code start + (after.at(0) - start) * step / warmupSteps} for
     * {@code step < warmupSteps}, {@code after.at(step - warmupSteps)} from then on (optax's warm-up convention).
     */
    static Schedule warmup(double start, long warmupSteps, Schedule after) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmup: warmupSteps must be >= 0, got " + warmupSteps);
        }
        return step -> {
            if (step >= warmupSteps) {
                return after.at(step - warmupSteps);
            }
            double peak = after.at(0);
            return start + (peak - start) * step / warmupSteps;
        };
    }

    /** {@link #warmup(double, long, Schedule)} starting from 0. */
    static Schedule warmup(long warmupSteps, Schedule after) {
        return warmup(0, warmupSteps, after);
    }
}
