package dev.adjoint.optim;

import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers shared by the optimizers: zero slots, argument checks and slot tree assembly. */
final class Slots {
    private Slots() {
    }

    /** Zero tensors named {@code <slot>/<name>} for every parameter and every slot, slot-major. */
    static Params zeros(Params params, String... slots) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String slot : slots) {
            for (var e : params) {
                m.put(slot + "/" + e.getKey(), e.getValue().zerosLike());
            }
        }
        return Params.of(m);
    }

    /** Throws unless {@code grads} has exactly the names, shapes and dtypes of {@code params}. */
    static void check(String op, Params params, Params grads) {
        check(op, params, grads, "parameters", "gradients");
    }

    /** Throws unless {@code b} has exactly the names, shapes and dtypes of {@code a}, naming both trees. */
    static void check(String op, Params a, Params b, String aLabel, String bLabel) {
        a.requireSameNames(op, b);
        for (var e : a) {
            Tensor x = e.getValue();
            Tensor y = b.get(e.getKey());
            if (!x.shape().equals(y.shape()) || x.dtype() != y.dtype()) {
                throw new IllegalArgumentException(op + ": '" + e.getKey() + "' has shape " + y.shape() + " and dtype "
                        + y.dtype().label() + " in the " + bLabel + " but shape " + x.shape() + " and dtype "
                        + x.dtype().label() + " in the " + aLabel);
            }
        }
    }

    /** A collector of new slot tensors in a fixed slot-major order. */
    static final class Builder {
        private final Map<String, Map<String, Tensor>> bySlot = new LinkedHashMap<>();

        Builder(String... slots) {
            for (String s : slots) {
                bySlot.put(s, new LinkedHashMap<>());
            }
        }

        void put(String slot, String param, Tensor t) {
            bySlot.get(slot).put(param, t);
        }

        Params build() {
            Map<String, Tensor> m = new LinkedHashMap<>();
            bySlot.forEach((slot, tensors) -> tensors.forEach((name, t) -> m.put(slot + "/" + name, t)));
            return Params.of(m);
        }
    }

    static void requireRange(String what, double value, double lo, boolean loInclusive, double hi,
            boolean hiInclusive) {
        boolean ok = (loInclusive ? value >= lo : value > lo) && (hiInclusive ? value <= hi : value < hi);
        if (!ok) {
            throw new IllegalArgumentException(what + " must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi
                    + (hiInclusive ? "]" : ")") + "; got " + value);
        }
    }
}
