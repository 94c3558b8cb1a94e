package dev.adjoint.physics.systems;

import dev.adjoint.api.Tensor;
import java.util.Arrays;

/** Argument checks shared by the systems; each failure names the argument and what was expected. */
final class Checks {
    private Checks() {
    }

    static void positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }

    static void nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    static void floating(String name, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(name + " must be FLOAT32 or FLOAT64, got " + t.dtype());
        }
    }

    /** Requires {@code t} to have exactly {@code expected} as shape; -1 in {@code expected} matches any size. */
    static void shape(String name, Tensor t, int[] expected, String meaning) {
        int[] dims = t.shape().dims();
        boolean ok = dims.length == expected.length;
        for (int i = 0; ok && i < dims.length; i++) {
            ok = expected[i] < 0 || expected[i] == dims[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(dims) + "; expected "
                    + describe(expected) + " (" + meaning + ")");
        }
        floating(name, t);
    }

    static void sameDType(String name, Tensor t, String otherName, Tensor other) {
        if (t.dtype() != other.dtype()) {
            throw new IllegalArgumentException(name + " is " + t.dtype() + " but " + otherName + " is "
                    + other.dtype() + "; expected equal dtypes");
        }
    }

    static String describe(int[] expected) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < expected.length; i++) {
            sb.append(i > 0 ? ", " : "").append(expected[i] < 0 ? "any" : Integer.toString(expected[i]));
        }
        return sb.append(']').toString();
    }

    /** A control of one value per sample, {@code [batch, 1]} or {@code [batch]}, as {@code [batch, 1]}. */
    static Tensor scalarControl(String name, Tensor control, Tensor state) {
        int batch = state.dim(0);
        int[] dims = control.shape().dims();
        boolean ok = (dims.length == 1 && dims[0] == batch) || (dims.length == 2 && dims[0] == batch && dims[1] == 1);
        if (!ok) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(dims) + "; expected one value per"
                    + " sample, [" + batch + ", 1] or [" + batch + "], for a state batch of " + batch);
        }
        sameDType(name, control, "state", state);
        return control.reshape(batch, 1);
    }
}
