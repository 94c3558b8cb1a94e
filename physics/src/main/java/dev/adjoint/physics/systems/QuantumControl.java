package dev.adjoint.physics.systems;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import java.util.List;

/**
 * Quantum control (Schnell &amp; Thuerey, ICLR 2024, StableBPTT), exactly as released: the 1D Schrödinger equation
 * {@code i d(psi)/dt = H psi}, {@code H = -d^2/dx^2 + c(t) x} on {@code x in (0, 2)} with 32 interior points
 * ({@code dx = 2/33}, {@code x_j = j dx}, Dirichlet boundaries), advanced by {@link Schrodinger1d} Crank–Nicolson
 * with {@code dt = 0.0625} for 128 steps; the control is one scalar {@code c} per sample and step.
 *
 * <p>State {@code [batch, 32, 2]} (re, im). Control {@code [batch, 1]} or {@code [batch]}. The eigenstates are
 * {@code psi_n(j) = sin(pi n j / 33)} normalised to {@code sum_j |psi|^2 = 1}; a start is
 * {@code (a e^{i phi1} psi_1 + b e^{i phi2} psi_2) / sqrt(a^2 + b^2)}. Loss (every step):
 * {@code sum_{n=1..Nt} (1 - |<psi_target, psi_n>|^2)}, averaged over the batch, in {@code [0, Nt]}.
 */
public final class QuantumControl implements ControlProblem {
    /** Interior grid points. */
    public static final int POINTS = 32;
    /** Grid spacing {@code 2 / 33}. */
    public static final double DX = 2.0 / (POINTS + 1);
    /** The published time step. */
    public static final double DT = 0.0625;
    /** The published number of steps. */
    public static final int STEPS = 128;
    /** The published target eigenstates (1-based; figure titles count from 0). */
    public static final int[] TARGETS = {3, 4, 5};
    /** Training and test set sizes of the released code. */
    public static final int DATA_SIZE = 256;
    /** The zero-control loss: exactly the number of steps, the state never leaving span{psi_1, psi_2}. */
    public static final double ZERO_CONTROL_LOSS = STEPS;

    private final int target;
    private final Schrodinger1d solver;
    private final int steps;

    /** The published set-up with target eigenstate {@code target} (1-based, 3 to 5 in the paper). */
    public QuantumControl(int target) {
        this(target, DT, STEPS);
    }

    /** A set-up with another time step and horizon. */
    public QuantumControl(int target, double dt, int steps) {
        if (target < 1 || target > POINTS) {
            throw new IllegalArgumentException("target must be an eigenstate index in 1.." + POINTS + ", got "
                    + target);
        }
        Checks.atLeast("steps", steps, 1);
        this.target = target;
        this.solver = new Schrodinger1d(POINTS, DX, dt);
        this.steps = steps;
    }

    /** The target eigenstate (1-based). */
    public int target() {
        return target;
    }

    /** The Crank–Nicolson solver of this set-up. */
    public Schrodinger1d solver() {
        return solver;
    }

    @Override
    public int steps() {
        return steps;
    }

    /** The positions {@code x_j = j dx}, {@code j = 1..32}, FLOAT64 {@code [32]}. */
    public static Tensor positions() {
        double[] x = new double[POINTS];
        for (int j = 0; j < POINTS; j++) {
            x[j] = (j + 1) * DX;
        }
        return Tensor.of(x);
    }

    /** Eigenstate {@code n >= 1} (1-based) as a real wave function, complex FLOAT64 {@code [32, 2]}. */
    public static Tensor eigenstate(int n) {
        if (n < 1 || n > POINTS) {
            throw new IllegalArgumentException("eigenstate index must be in 1.." + POINTS + ", got " + n);
        }
        double[] psi = new double[2 * POINTS];
        double norm = 0;
        for (int j = 1; j <= POINTS; j++) {
            double s = Math.sin(Math.PI * n * j / (POINTS + 1));
            psi[2 * (j - 1)] = s;
            norm += s * s;
        }
        double scale = 1 / Math.sqrt(norm);
        for (int j = 0; j < POINTS; j++) {
            psi[2 * j] *= scale;
        }
        return Tensor.of(psi, POINTS, 2);
    }

    /**
     * One Crank–Nicolson step under the potential {@code c x}.
     *
     * @param state   {@code [batch, 32, 2]}
     * @param control {@code [batch, 1]} or {@code [batch]}, in the state's dtype
     * @return the next state
     */
    @Override
    public Tensor step(Tensor state, Tensor control) {
        Checks.shape("state", state, new int[] {-1, POINTS, 2}, "batch, 32 interior points, (re, im)");
        Tensor c = Checks.scalarControl("control", control, state);
        Tensor x = positions().cast(state.dtype()).to(state.backend());
        return solver.step(state, c.mul(x));
    }

    /** {@code sum over states 1..N of (1 - |<psi_target, psi_n>|^2)}, averaged over the batch. */
    @Override
    public Tensor loss(List<Tensor> states, List<Tensor> controls) {
        if (states.size() < 2) {
            throw new IllegalArgumentException("states has " + states.size()
                    + " entries; expected the initial state and at least one more");
        }
        Tensor total = null;
        for (int n = 1; n < states.size(); n++) {
            Tensor term = infidelity(states.get(n));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** {@code 1 - |<psi_target, psi>|^2} averaged over the batch of {@code psi [batch, 32, 2]}. */
    public Tensor infidelity(Tensor psi) {
        Checks.shape("state", psi, new int[] {-1, POINTS, 2}, "batch, 32 interior points, (re, im)");
        Tensor t = eigenstate(target).cast(psi.dtype()).to(psi.backend());
        return Complex.abs2(Schrodinger1d.inner(t, psi)).mean().neg().add(1);
    }

    /**
     * Starts of the released data: {@code a, b ~ N(0, 1)}, {@code phi1, phi2 ~ U[0, 2 pi)},
     * {@code (a e^{i phi1} psi_1 + b e^{i phi2} psi_2) / sqrt(a^2 + b^2)}; FLOAT32 {@code [count, 32, 2]}.
     */
    @Override
    public Tensor initialStates(RandomKey key, int count) {
        Checks.atLeast("count", count, 1);
        RandomKey[] k = key.split(2);
        Tensor ab = Rng.normal(k[0], DType.FLOAT64, count, 2);
        Tensor phi = Rng.uniform(k[1], DType.FLOAT64, 0, 2 * Math.PI, count, 2);
        Tensor weight = ab.div(ab.square().sum(new int[] {1}, true).sqrt());
        Tensor coeff = Complex.of(weight.mul(phi.cos()), weight.mul(phi.sin()));
        Tensor psi = Complex.mul(coeff.select(1, 0).unsqueeze(1), eigenstate(1))
                .add(Complex.mul(coeff.select(1, 1).unsqueeze(1), eigenstate(2)));
        return psi.cast(DType.FLOAT32);
    }

    /** Zero control {@code [batch, 1]}. */
    @Override
    public Tensor zeroControl(Tensor state) {
        return Tensor.zeros(state.dtype(), state.dim(0), 1).to(state.backend());
    }
}
