package dev.adjoint.physics.systems;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Guidance by repulsion (Schnell &amp; Thuerey, ICLR 2024, StableBPTT), exactly as released: two controlled drivers
 * herd four evaders towards the origin; explicit Euler ({@code x' = x + dt v}, {@code v' = v + dt a}, both from the
 * old state). All distances are {@code d(r) = 0.1 + |r|}.
 * <pre>
 * driver j: a_j = c0_j r_c + c1_j rot90(r_c) - 1.0 v_j + 0.2 sum_{other drivers i} (x_j - x_i) / d_ji^2
 *           r_c = x_j - sum_e x_e (the SUM of the evader positions), rot90(a, b) = (-b, a)
 * evader e: a_e = 15 sum_drivers -(x_d - x_e) / d_de^2 - 4 v_e + 0.2 sum_{other evaders i} p(d_ie) (x_i - x_e)
 *           p(d) = (0.5 / d - 1) / d
 * </pre>
 * State {@code [batch, 6, 2, 2]}: objects (drivers 0-1, then evaders 2-5), (position, velocity), (x, y). Control
 * {@code [batch, 2, 2]} = {@code (c0, c1)} per driver, or {@code [batch, 4]} in that order. Loss (every step): the
 * mean over steps 1..Nt, batch, evaders and coordinates of the squared evader coordinates, plus
 * {@code rc * mean(c^2)} over all controls.
 */
public final class Guidance implements ControlProblem {
    /** Number of drivers. */
    public static final int DRIVERS = 2;
    /** Number of evaders. */
    public static final int EVADERS = 4;
    /** The distance offset epsilon in {@code d(r) = epsilon + |r|}. */
    public static final double EPSILON = 0.1;
    /** Strength of the evaders' repulsion from the drivers. */
    public static final double EVADE = 15.0;
    /** Evader friction. */
    public static final double EVADER_FRICTION = 4.0;
    /** Strength of the evaders' flocking. */
    public static final double FLOCK = 0.2;
    /** Flocking distance: evaders attract below it, repel above it. */
    public static final double FLOCK_DISTANCE = 0.5;
    /** Driver friction. */
    public static final double DRIVER_FRICTION = 1.0;
    /** Strength of the drivers' mutual repulsion. */
    public static final double SPREAD = 0.2;
    /** The published horizon T. */
    public static final double HORIZON = 4.0;
    /** The published number of steps. */
    public static final int STEPS = 60;
    /** The published time step T / Nt. */
    public static final double DT = HORIZON / STEPS;
    /** The data seed of the released code. */
    public static final long SEED = 42;
    /** Training and test set sizes of the released code. */
    public static final int DATA_SIZE = 256;
    /** The regularisation coefficients of the four published panels. */
    public static final double[] REGULARISATION = {1.0, 0.1, 0.01, 0.001};
    /** The physics part of the zero-control loss of the published distribution, for sanity checks. */
    public static final double ZERO_CONTROL_LOSS = 5.12;

    private static final int OBJECTS = DRIVERS + EVADERS;
    /** For each evader, the indices of the three others. */
    private static final int[] OTHER_EVADERS = {1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2};

    private final double regularisation;
    private final double dt;
    private final int steps;

    /** The published set-up with regularisation coefficient {@code rc}. */
    public Guidance(double rc) {
        this(rc, DT, STEPS);
    }

    /** A set-up with another time step and horizon. */
    public Guidance(double rc, double dt, int steps) {
        Checks.nonNegative("rc", rc);
        Checks.positive("dt", dt);
        Checks.atLeast("steps", steps, 1);
        this.regularisation = rc;
        this.dt = dt;
        this.steps = steps;
    }

    /** The regularisation coefficient rc. */
    public double regularisation() {
        return regularisation;
    }

    @Override
    public int steps() {
        return steps;
    }

    /**
     * One explicit Euler step.
     *
     * @param state   {@code [batch, 6, 2, 2]}
     * @param control {@code [batch, 2, 2]} ({@code (c0, c1)} per driver) or {@code [batch, 4]}, in the state's dtype
     * @return the next state
     */
    @Override
    public Tensor step(Tensor state, Tensor control) {
        checkState(state);
        Tensor c = control(control, state);
        Tensor x = state.select(2, 0);
        Tensor v = state.select(2, 1);
        Tensor xd = x.slice(1, 0, DRIVERS);
        Tensor xe = x.slice(1, DRIVERS, OBJECTS);
        Tensor vd = v.slice(1, 0, DRIVERS);
        Tensor ve = v.slice(1, DRIVERS, OBJECTS);

        Tensor rCentre = xd.sub(xe.sum(new int[] {1}, true));
        Tensor rot = Tensor.stack(-1, rCentre.select(-1, 1).neg(), rCentre.select(-1, 0));
        Tensor controlForce = c.slice(-1, 0, 1).mul(rCentre).add(c.slice(-1, 1, 2).mul(rot));
        // Each driver against the other one: x_j - x_i.
        Tensor rd = xd.sub(xd.gather(1, index(x, new int[] {1, 0})));
        Tensor ad = controlForce.sub(vd.mul(DRIVER_FRICTION)).add(rd.div(distance(rd).square()).mul(SPREAD));

        // Driver d against evader e: x_d - x_e, [batch, evader, driver, 2].
        Tensor rde = xd.unsqueeze(1).sub(xe.unsqueeze(2));
        Tensor evade = rde.div(distance(rde).square()).sum(2).mul(-EVADE);
        // Evader e against each other evader i: x_i - x_e, [batch, evader, 3, 2].
        Tensor others = xe.gather(1, index(x, OTHER_EVADERS)).reshape(state.dim(0), EVADERS, EVADERS - 1, 2);
        Tensor rei = others.sub(xe.unsqueeze(2));
        Tensor dei = distance(rei);
        Tensor flock = rei.mul(dei.reciprocal().mul(FLOCK_DISTANCE).sub(1).div(dei)).sum(2).mul(FLOCK);
        Tensor ae = evade.sub(ve.mul(EVADER_FRICTION)).add(flock);

        Tensor a = Tensor.concat(1, ad, ae);
        return Tensor.stack(2, x.add(v.mul(dt)), v.add(a.mul(dt)));
    }

    private static Tensor index(Tensor like, int[] idx) {
        return Tensor.of(idx).to(like.backend());
    }

    /** {@code 0.1 + |r|} over the last axis, kept as a size-1 axis. */
    private static Tensor distance(Tensor r) {
        return r.square().sum(new int[] {-1}, true).sqrt().add(EPSILON);
    }

    private static void checkState(Tensor state) {
        Checks.shape("state", state, new int[] {-1, OBJECTS, 2, 2},
                "batch, 2 drivers + 4 evaders, (position, velocity), (x, y)");
    }

    private static Tensor control(Tensor control, Tensor state) {
        int batch = state.dim(0);
        int[] dims = control.shape().dims();
        boolean ok = (dims.length == 3 && dims[0] == batch && dims[1] == DRIVERS && dims[2] == 2)
                || (dims.length == 2 && dims[0] == batch && dims[1] == 2 * DRIVERS);
        if (!ok) {
            throw new IllegalArgumentException("control has shape " + Arrays.toString(dims) + "; expected ["
                    + batch + ", 2, 2] ((c0, c1) per driver) or [" + batch + ", 4] for a state batch of " + batch);
        }
        Checks.sameDType("control", control, "state", state);
        return control.reshape(batch, DRIVERS, 2);
    }

    /** The physics loss plus {@code rc * mean(c^2)} over every control. */
    @Override
    public Tensor loss(List<Tensor> states, List<Tensor> controls) {
        Tensor physics = physicsLoss(states);
        if (regularisation == 0 || controls.isEmpty()) {
            return physics;
        }
        Tensor sq = controls.get(0).square().mean();
        for (int n = 1; n < controls.size(); n++) {
            sq = sq.add(controls.get(n).square().mean());
        }
        return physics.add(sq.mul(regularisation / controls.size()));
    }

    /**
     * The mean over steps 1..N (every state but the initial one), batch, evaders and coordinates of the squared
     * evader coordinates (the target is the origin).
     */
    public Tensor physicsLoss(List<Tensor> states) {
        if (states.size() < 2) {
            throw new IllegalArgumentException("states has " + states.size()
                    + " entries; expected the initial state and at least one more");
        }
        Tensor total = null;
        for (int n = 1; n < states.size(); n++) {
            checkState(states.get(n));
            Tensor term = states.get(n).slice(1, DRIVERS, OBJECTS).select(2, 0).square().mean();
            total = total == null ? term : total.add(term);
        }
        return total.div(states.size() - 1);
    }

    /**
     * Initial states of the released data: each driver on the annulus {@code r in [3, 4]} (radius and angle
     * uniform), the evaders' common centre on the annulus {@code r in [1, 2]}, each evader offset by
     * {@code U[-0.5, 0.5]^2}, all velocities zero; FLOAT32 {@code [count, 6, 2, 2]}.
     */
    @Override
    public Tensor initialStates(RandomKey key, int count) {
        Checks.atLeast("count", count, 1);
        RandomKey[] k = key.split(3);
        Tensor drivers = annulus(k[0], count, DRIVERS, 3, 4);
        Tensor centre = annulus(k[1], count, 1, 1, 2);
        Tensor evaders = centre.add(Rng.uniform(k[2], DType.FLOAT32, -0.5, 0.5, count, EVADERS, 2));
        Tensor positions = Tensor.concat(1, drivers, evaders);
        return Tensor.stack(2, positions, positions.zerosLike());
    }

    private static Tensor annulus(RandomKey key, int count, int objects, double rMin, double rMax) {
        RandomKey[] k = key.split(2);
        Tensor phi = Rng.uniform(k[0], DType.FLOAT32, 0, 2 * Math.PI, count, objects);
        Tensor r = Rng.uniform(k[1], DType.FLOAT32, rMin, rMax, count, objects);
        return Tensor.stack(-1, r.mul(phi.cos()), r.mul(phi.sin()));
    }

    /** Zero control {@code [batch, 2, 2]}. */
    @Override
    public Tensor zeroControl(Tensor state) {
        return Tensor.zeros(state.dtype(), state.dim(0), DRIVERS, 2).to(state.backend());
    }
}
