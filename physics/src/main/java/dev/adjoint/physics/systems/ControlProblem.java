package dev.adjoint.physics.systems;

import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A batched, differentiable control problem: a simulator step driven by one control per sample and time step,
 * a horizon, the published distribution of initial states and the published loss of a trajectory.
 *
 * <p>{@link #step} and {@link #loss} have the shapes of {@code Bptt.Simulator} and {@code Bptt.TrajectoryLoss} of
 * the optim module, so an app can pass {@code problem::step} and {@code problem::loss} straight through.
 */
public interface ControlProblem {
    /** The state after one time step from {@code state} under {@code control} (shapes as each problem says). */
    Tensor step(Tensor state, Tensor control);

    /**
     * The loss of a trajectory: {@code states} holds {@link #steps()} + 1 entries (the initial state first),
     * {@code controls} the {@link #steps()} controls, {@code controls.get(n)} applied to {@code states.get(n)}.
     */
    Tensor loss(List<Tensor> states, List<Tensor> controls);

    /** The number of time steps of the published horizon. */
    int steps();

    /** {@code count} initial states drawn from the published distribution with {@code key} (FLOAT32). */
    Tensor initialStates(RandomKey key, int count);

    /** The zero control for a batch of states, in the states' dtype. */
    Tensor zeroControl(Tensor state);

    /** Runs {@link #steps()} steps from {@code initial}, asking {@code controller} for each step's control. */
    default Trajectory rollout(Tensor initial, Function<Tensor, Tensor> controller) {
        List<Tensor> states = new ArrayList<>(steps() + 1);
        List<Tensor> controls = new ArrayList<>(steps());
        Tensor x = initial;
        states.add(x);
        for (int n = 0; n < steps(); n++) {
            Tensor c = controller.apply(x);
            x = step(x, c);
            controls.add(c);
            states.add(x);
        }
        return new Trajectory(states, controls);
    }

    /** Runs the given open-loop controls, one per step ({@link #steps()} of them). */
    default Trajectory rollout(Tensor initial, List<Tensor> controls) {
        if (controls.size() != steps()) {
            throw new IllegalArgumentException("controls has " + controls.size() + " entries; expected one per step ("
                    + steps() + ")");
        }
        List<Tensor> states = new ArrayList<>(steps() + 1);
        Tensor x = initial;
        states.add(x);
        for (Tensor c : controls) {
            x = step(x, c);
            states.add(x);
        }
        return new Trajectory(states, controls);
    }

    /** The loss of the trajectory from {@code initial} with every control zero. */
    default Tensor zeroControlLoss(Tensor initial) {
        Trajectory t = rollout(initial, this::zeroControl);
        return loss(t.states(), t.controls());
    }

    /**
     * A rollout's states and controls.
     *
     * @param states   the initial state and the state after each step
     * @param controls the control of each step
     */
    record Trajectory(List<Tensor> states, List<Tensor> controls) {
        /** Copies the lists. */
        public Trajectory {
            states = List.copyOf(states);
            controls = List.copyOf(controls);
        }

        /** The last state. */
        public Tensor finalState() {
            return states.get(states.size() - 1);
        }

        /** The loss of this trajectory under {@code problem}. */
        public Tensor loss(ControlProblem problem) {
            return problem.loss(states, controls);
        }
    }
}
