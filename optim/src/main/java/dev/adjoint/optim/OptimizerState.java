package dev.adjoint.optim;

import dev.adjoint.api.DType;
import dev.adjoint.api.Npz;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The immutable state of an {@link Optimizer}: the number of updates taken so far and its slot tensors, a
 * parameter tree whose names are {@code <slot>/<parameter name>}, e.g. {@code m/layer/weight} for Adam's first
 * moment of {@code layer/weight}. Saved as a {@code .npz} holding the slots plus the step count as the INT32
 * scalar {@code step} (no slot name lacks a {@code /}, so the names cannot clash).
 */
public record OptimizerState(long step, Params slots) {
    /** The name of the step count in a saved state. */
    public static final String STEP = "step";

    /** Checks the arguments. */
    public OptimizerState {
        if (step < 0) {
            throw new IllegalArgumentException("the step count must be >= 0, got " + step);
        }
        Objects.requireNonNull(slots, "slots");
        for (String name : slots.names()) {
            if (!name.contains("/")) {
                throw new IllegalArgumentException("slot names have the form <slot>/<parameter name>; got '"
                        + name + "'");
            }
        }
    }

    /** A state at step 0 with the given slots. */
    public static OptimizerState initial(Params slots) {
        return new OptimizerState(0, slots);
    }

    /** The slot {@code slot} of parameter {@code param}; throws naming the slots there are. */
    public Tensor slot(String slot, String param) {
        String name = slot + "/" + param;
        if (!slots.contains(name)) {
            throw new IllegalArgumentException("the optimizer state has no slot '" + name + "'; it has "
                    + slots.names() + " (was it made by this optimizer's init for these parameters?)");
        }
        return slots.get(name);
    }

    /** The slots and the step count as one tree, as {@link #save} writes it. */
    public Params toParams() {
        if (step > Integer.MAX_VALUE) {
            throw new IllegalStateException("the step count " + step + " does not fit the INT32 'step' entry");
        }
        return slots.with(STEP, Tensor.scalar(step, DType.INT32));
    }

    /** The inverse of {@link #toParams}. */
    public static OptimizerState fromParams(Params tree) {
        if (!tree.contains(STEP)) {
            throw new IllegalArgumentException("an optimizer state needs an INT32 scalar '" + STEP + "'; the tree has "
                    + tree.names());
        }
        Tensor count = tree.get(STEP);
        if (count.dtype() != DType.INT32 || count.size() != 1) {
            throw new IllegalArgumentException("the optimizer state's '" + STEP + "' must be one INT32 value; it is "
                    + count.dtype().label() + " of shape " + count.shape());
        }
        List<String> names = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        for (var e : tree) {
            if (!e.getKey().equals(STEP)) {
                names.add(e.getKey());
                tensors.add(e.getValue());
            }
        }
        return new OptimizerState(count.toIntArray()[0], Params.unflatten(names, tensors));
    }

    /** Saves the state as an uncompressed {@code .npz}, replacing {@code file} atomically. */
    public void save(Path file) throws IOException {
        Npz.save(file, toParams());
    }

    /** Loads a state written by {@link #save}; the slot tensors land on the current backend. */
    public static OptimizerState load(Path file) throws IOException {
        return fromParams(Npz.load(file));
    }

    /** One line: the step count and the slot tree. */
    @Override
    public String toString() {
        return "OptimizerState{step=" + step + ", slots=" + slots + "}";
    }
}
