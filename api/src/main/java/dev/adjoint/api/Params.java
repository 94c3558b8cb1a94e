package dev.adjoint.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * A parameter tree: an ordered collection of named tensors that layers, optimizers and solvers all speak
 * (JAX's pytree of arrays, PyTorch's state dict). Nesting is expressed in the names with {@code /}
 * separators, e.g. {@code encoder/conv1/weight}. Immutable; every change returns a new tree.
 */
public final class Params implements Iterable<Map.Entry<String, Tensor>> {
    private static final Params EMPTY = new Params(new LinkedHashMap<>());

    private final Map<String, Tensor> entries;

    private Params(LinkedHashMap<String, Tensor> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The empty tree. */
    public static Params empty() {
        return EMPTY;
    }

    /** A tree of one entry. */
    public static Params of(String name, Tensor value) {
        return EMPTY.with(name, value);
    }

    /** A tree from alternating names and tensors: {@code of("w", w, "b", b)}. */
    public static Params of(Object... namesAndTensors) {
        if (namesAndTensors.length % 2 != 0) {
            throw new IllegalArgumentException("Params.of needs name/tensor pairs, got " + namesAndTensors.length
                    + " arguments");
        }
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) {
            if (!(namesAndTensors[i] instanceof String name) || !(namesAndTensors[i + 1] instanceof Tensor t)) {
                throw new IllegalArgumentException("Params.of needs (String, Tensor) pairs; argument " + i
                        + " is " + describe(namesAndTensors[i]) + " and argument " + (i + 1) + " is "
                        + describe(namesAndTensors[i + 1]));
            }
            put(m, name, t);
        }
        return new Params(m);
    }

    /** A tree from a map, in the map's iteration order. */
    public static Params of(Map<String, Tensor> map) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        map.forEach((k, v) -> put(m, k, v));
        return new Params(m);
    }

    /** A tree from parallel lists of names and tensors (the inverse of {@link #names()} and {@link #flatten()}). */
    public static Params unflatten(List<String> names, List<Tensor> tensors) {
        if (names.size() != tensors.size()) {
            throw new IllegalArgumentException("unflatten: " + names.size() + " names but " + tensors.size()
                    + " tensors");
        }
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            put(m, names.get(i), tensors.get(i));
        }
        return new Params(m);
    }

    /** This tree with {@code name} set (replaced in place, or appended). */
    public Params with(String name, Tensor value) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(entries);
        if (m.containsKey(name)) {
            m.put(name, Objects.requireNonNull(value, "value"));
        } else {
            put(m, name, value);
        }
        return new Params(m);
    }

    /** The tensor called {@code name}; throws listing the names there are. */
    public Tensor get(String name) {
        Tensor t = entries.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; the tree has " + names());
        }
        return t;
    }

    /** Whether a tensor called {@code name} exists. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The names, in order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The tensors, in order. */
    public List<Tensor> flatten() {
        return List.copyOf(entries.values());
    }

    /** The number of tensors. */
    public int size() {
        return entries.size();
    }

    /** The total number of elements over all tensors. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : entries.values()) {
            n += t.size();
        }
        return n;
    }

    /** The sub-tree under {@code prefix/}, with the prefix removed from the names. */
    public Params subtree(String prefix) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (k.startsWith(p)) {
                m.put(k.substring(p.length()), v);
            }
        });
        return new Params(m);
    }

    /** The same tree with every name prefixed by {@code prefix/}. */
    public Params prefixed(String prefix) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> m.put(p + k, v));
        return new Params(m);
    }

    /** This tree followed by {@code other}'s entries; names must not collide. */
    public Params merge(Params other) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(entries);
        other.entries.forEach((k, v) -> put(m, k, v));
        return new Params(m);
    }

    /** Applies {@code f} to every tensor. */
    public Params map(UnaryOperator<Tensor> f) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> m.put(k, Objects.requireNonNull(f.apply(v), "map returned null for " + k)));
        return new Params(m);
    }

    /** Applies {@code f} to every (name, tensor) pair. */
    public Params map(BiFunction<String, Tensor, Tensor> f) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> m.put(k, Objects.requireNonNull(f.apply(k, v), "map returned null for " + k)));
        return new Params(m);
    }

    /** Combines this tree with another of the same names, tensor by tensor (in this tree's order). */
    public Params zip(Params other, BinaryOperator<Tensor> f) {
        requireSameNames("zip", other);
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> m.put(k, Objects.requireNonNull(f.apply(v, other.entries.get(k)),
                "zip returned null for " + k)));
        return new Params(m);
    }

    /** Throws naming the differences unless {@code other} has exactly this tree's names. */
    public void requireSameNames(String op, Params other) {
        if (entries.keySet().equals(other.entries.keySet())) {
            return;
        }
        TreeSet<String> missing = new TreeSet<>(entries.keySet());
        missing.removeAll(other.entries.keySet());
        TreeSet<String> extra = new TreeSet<>(other.entries.keySet());
        extra.removeAll(entries.keySet());
        throw new IllegalArgumentException(op + ": parameter trees differ; only in the first: " + missing
                + ", only in the second: " + extra);
    }

    @Override
    public Iterator<Map.Entry<String, Tensor>> iterator() {
        return entries.entrySet().iterator();
    }

    /** One line per tensor: name, shape and dtype. */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        entries.forEach((k, v) -> lines.add(k + " " + v.shape() + " " + v.dtype().label()));
        return "Params{" + String.join(", ", lines) + "}";
    }

    private static void put(Map<String, Tensor> m, String name, Tensor t) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter names must be non-empty");
        }
        Objects.requireNonNull(t, "tensor for '" + name + "'");
        if (m.putIfAbsent(name, t) != null) {
            throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
        }
    }

    private static String describe(Object o) {
        return o == null ? "null" : "a " + o.getClass().getSimpleName();
    }
}
