package dev.adjoint.physics.systems;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import java.util.List;

/**
 * Cart-pole swing-up with {@code P} poles on one cart (Schnell &amp; Thuerey, ICLR 2024, StableBPTT), exactly as
 * released: the poles are coupled only through the cart's acceleration, the "total" mass {@link #TOTAL_MASS} stays
 * the same for any number of poles, and time stepping is semi-implicit Euler (velocities first, then positions with
 * the new velocities).
 *
 * <p>State {@code [batch, 1 + P, 2]}: row 0 is the cart {@code (x, dx/dt)}, row {@code k} pole {@code k}
 * {@code (theta_k, dtheta_k/dt)}; {@code theta = 0} is upright, {@code pi} hangs down. Control: one force per
 * sample, {@code [batch, 1]} (a dense layer's output) or {@code [batch]}. Per step, with {@code F} the force:
 * <pre>
 * A_k = (F + m l sin(theta_k) thetadot_k^2) / M
 * B_k = l (4/3 - m cos^2(theta_k) / M)
 * thetaddot_k = (g sin(theta_k) - cos(theta_k) A_k) / B_k
 * xddot = (F + m l sum_k (sin(theta_k) thetadot_k^2 - thetaddot_k cos(theta_k))) / M
 * </pre>
 * Loss (final time only): {@code 1 - mean over batch and poles of cos(theta_k(T))}.
 */
public final class CartPole implements ControlProblem {
    /** Gravity. */
    public static final double GRAVITY = 9.8;
    /** Pole mass. */
    public static final double POLE_MASS = 0.1;
    /** The constant "total" mass M (cart plus one pole, not increased with more poles). */
    public static final double TOTAL_MASS = 1.1;
    /** Pole half-length l. */
    public static final double HALF_LENGTH = 0.5;
    /** The published horizon T. */
    public static final double HORIZON = 1.0;
    /** The published number of steps. */
    public static final int STEPS = 100;
    /** The published time step T / Nt. */
    public static final double DT = HORIZON / STEPS;
    /** The data seed of the released code. */
    public static final long SEED = 42;
    /** Training and test set sizes of the released code. */
    public static final int DATA_SIZE = 256;
    /** The zero-control loss of the published distribution (Monte Carlo, any P), for sanity checks. */
    public static final double ZERO_CONTROL_LOSS = 1.972;

    private final int poles;
    private final double dt;
    private final int steps;

    /** The published set-up with {@code poles} poles (1 to 4 in the paper). */
    public CartPole(int poles) {
        this(poles, DT, STEPS);
    }

    /** A set-up with another time step and horizon (for convergence studies). */
    public CartPole(int poles, double dt, int steps) {
        Checks.atLeast("poles", poles, 1);
        Checks.positive("dt", dt);
        Checks.atLeast("steps", steps, 1);
        this.poles = poles;
        this.dt = dt;
        this.steps = steps;
    }

    /** The number of poles P. */
    public int poles() {
        return poles;
    }

    /** The time step. */
    public double dt() {
        return dt;
    }

    @Override
    public int steps() {
        return steps;
    }

    /**
     * One semi-implicit Euler step.
     *
     * @param state   {@code [batch, 1 + P, 2]}
     * @param control the force, {@code [batch, 1]} or {@code [batch]}, in the state's dtype
     * @return the next state {@code [batch, 1 + P, 2]}
     */
    @Override
    public Tensor step(Tensor state, Tensor control) {
        checkState(state);
        int batch = state.dim(0);
        Tensor force = Checks.scalarControl("control", control, state);
        double ml = POLE_MASS * HALF_LENGTH;
        Tensor x = state.select(1, 0).select(1, 0);
        Tensor xDot = state.select(1, 0).select(1, 1);
        Tensor pole = state.slice(1, 1, 1 + poles);
        Tensor theta = pole.select(2, 0);
        Tensor thetaDot = pole.select(2, 1);
        Tensor sin = theta.sin();
        Tensor cos = theta.cos();
        Tensor spin = sin.mul(thetaDot.square());
        Tensor a = force.add(spin.mul(ml)).div(TOTAL_MASS);
        Tensor b = cos.square().mul(-POLE_MASS / TOTAL_MASS).add(4.0 / 3.0).mul(HALF_LENGTH);
        Tensor thetaDdot = sin.mul(GRAVITY).sub(cos.mul(a)).div(b);
        Tensor xDdot = force.reshape(batch).add(spin.sub(thetaDdot.mul(cos)).sum(1).mul(ml)).div(TOTAL_MASS);
        Tensor thetaDotNew = thetaDot.add(thetaDdot.mul(dt));
        Tensor thetaNew = theta.add(thetaDotNew.mul(dt));
        Tensor xDotNew = xDot.add(xDdot.mul(dt));
        Tensor xNew = x.add(xDotNew.mul(dt));
        Tensor cart = Tensor.stack(1, xNew, xDotNew).unsqueeze(1);
        return Tensor.concat(1, cart, Tensor.stack(2, thetaNew, thetaDotNew));
    }

    /** {@code 1 - mean over batch and poles of cos(theta_k)} of the last state. */
    @Override
    public Tensor loss(List<Tensor> states, List<Tensor> controls) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("states is empty; expected the trajectory's states");
        }
        return finalLoss(states.get(states.size() - 1));
    }

    /** {@code 1 - mean over batch and poles of cos(theta_k)} of {@code state [batch, 1 + P, 2]}. */
    public Tensor finalLoss(Tensor state) {
        checkState(state);
        return state.slice(1, 1, 1 + poles).select(2, 0).cos().mean().neg().add(1);
    }

    /**
     * Initial states of the released data: {@code x, dx/dt, dtheta/dt ~ U[-1, 1]} and
     * {@code theta = pi + U[-1, 1] pi / 6}, FLOAT32 {@code [count, 1 + P, 2]}.
     */
    @Override
    public Tensor initialStates(RandomKey key, int count) {
        Checks.atLeast("count", count, 1);
        double[] scale = new double[2 * (1 + poles)];
        double[] offset = new double[scale.length];
        for (int r = 0; r <= poles; r++) {
            scale[2 * r] = r == 0 ? 1 : Math.PI / 6;
            scale[2 * r + 1] = 1;
            offset[2 * r] = r == 0 ? 0 : Math.PI;
        }
        Tensor u = Rng.uniform(key, DType.FLOAT32, -1, 1, count, 1 + poles, 2);
        return u.mul(Tensor.of(scale, 1 + poles, 2).cast(DType.FLOAT32).to(u.backend()))
                .add(Tensor.of(offset, 1 + poles, 2).cast(DType.FLOAT32).to(u.backend()));
    }

    private void checkState(Tensor state) {
        Checks.shape("state", state, new int[] {-1, 1 + poles, 2},
                "batch, cart + " + poles + " poles, (position, velocity)");
    }

    /** Zero force {@code [batch, 1]}. */
    @Override
    public Tensor zeroControl(Tensor state) {
        return Tensor.zeros(state.dtype(), state.dim(0), 1).to(state.backend());
    }

    /**
     * The mechanical energy of a single-pole cart (P = 1) for which these equations are exact Lagrangian dynamics
     * (cart mass {@code M - m}, uniform pole of half-length {@code l}):
     * {@code M xdot^2 / 2 + m l cos(theta) xdot thetadot + (2/3) m l^2 thetadot^2 + m g l cos(theta)}, {@code [batch]}.
     */
    public static Tensor singlePoleEnergy(Tensor state) {
        Checks.shape("state", state, new int[] {-1, 2, 2}, "batch, cart + 1 pole, (position, velocity)");
        double m = POLE_MASS;
        double l = HALF_LENGTH;
        Tensor xDot = state.select(1, 0).select(1, 1);
        Tensor theta = state.select(1, 1).select(1, 0);
        Tensor thetaDot = state.select(1, 1).select(1, 1);
        Tensor cos = theta.cos();
        return xDot.square().mul(TOTAL_MASS / 2).add(cos.mul(xDot).mul(thetaDot).mul(m * l))
                .add(thetaDot.square().mul(2.0 / 3.0 * m * l * l)).add(cos.mul(m * GRAVITY * l));
    }
}
