package dev.adjoint.apps.inverse;

import dev.adjoint.api.Tensor;

/**
 * The nonlinear coupled oscillators of the HIG paper (optim reference, section 3.2): two oscillators with state
 * {@code (x1, x2, v1, v2)}, {@code x_i' = v_i}, {@code v_i' = -x_i + sum over neighbours (x_j - x_i)^3}, and the
 * control {@code 3 u} acting on the last one; RK4 with the control held within a step, 96 steps of 0.125.
 */
final class Oscillators {
    /** Time steps of a trajectory. */
    static final int STEPS = 96;
    /** The time step. */
    static final double DT = 0.125;
    /** The control's factor on the last oscillator. */
    static final double CONTROL = 3;

    private Oscillators() {
    }

    /** The state after {@link #STEPS} steps from {@code start [batch, 4]} under controls {@code [batch, STEPS]}. */
    static Tensor simulate(Tensor start, Tensor controls) {
        if (start.rank() != 2 || start.dim(1) != 4 || controls.rank() != 2 || controls.dim(1) != STEPS
                || controls.dim(0) != start.dim(0)) {
            throw new IllegalArgumentException("oscillators: start " + start.shape() + " and controls "
                    + controls.shape() + "; expected [batch, 4] and [batch, " + STEPS + "]");
        }
        Tensor[] s = {start.select(1, 0), start.select(1, 1), start.select(1, 2), start.select(1, 3)};
        for (int n = 0; n < STEPS; n++) {
            s = step(s, controls.select(1, n));
        }
        return Tensor.stack(1, s);
    }

    /** One RK4 step of {@code (x1, x2, v1, v2)}, each {@code [batch]}, with control {@code u [batch]}. */
    static Tensor[] step(Tensor[] s, Tensor u) {
        Tensor[] k1 = rate(s, u);
        Tensor[] k2 = rate(axpy(s, k1, DT / 2), u);
        Tensor[] k3 = rate(axpy(s, k2, DT / 2), u);
        Tensor[] k4 = rate(axpy(s, k3, DT), u);
        Tensor[] out = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            out[i] = s[i].add(k1[i].add(k2[i].mul(2)).add(k3[i].mul(2)).add(k4[i]).mul(DT / 6));
        }
        return out;
    }

    /** The time derivative of the state. */
    static Tensor[] rate(Tensor[] s, Tensor u) {
        Tensor coupling = s[1].sub(s[0]).pow(3);
        return new Tensor[] {s[2], s[3], s[0].neg().add(coupling), s[1].neg().sub(coupling).add(u.mul(CONTROL))};
    }

    private static Tensor[] axpy(Tensor[] s, Tensor[] k, double h) {
        Tensor[] out = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            out[i] = s[i].add(k[i].mul(h));
        }
        return out;
    }
}
