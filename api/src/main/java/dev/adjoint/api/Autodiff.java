package dev.adjoint.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reverse-mode automatic differentiation, define-by-run. Ops record themselves only while one of their
 * inputs requires a gradient and gradient mode is on; the recorded graph hangs off the output tensors and
 * is freed with them. {@link #grad} and friends are function transforms in the style of JAX; {@link #track}
 * and {@link #gradients} are the lower-level tape interface in the style of PyTorch.
 *
 * <p>Gradients of gradients work: a backward pass records its own ops whenever the graph it walks
 * reaches a tensor tracked by an enclosing transform.
 *
 * <p>A parameter that the output does not depend on gets a zero gradient (as in JAX).
 */
public final class Autodiff {
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private Autodiff() {
    }

    private static final class State {
        int disabled;
        int level;
        boolean anomaly;
        String runningRule;
    }

    // ---- modes ------------------------------------------------------------------------------------------

    /** Whether ops record onto the graph in this thread. */
    public static boolean isGradEnabled() {
        return STATE.get().disabled == 0;
    }

    /** Turns recording off in this thread until the scope is closed; scopes nest. */
    public static Backends.Scope noGrad() {
        State s = STATE.get();
        s.disabled++;
        return () -> s.disabled--;
    }

    /** Runs {@code body} with recording off. */
    public static <T> T noGrad(Supplier<T> body) {
        try (Backends.Scope ignored = noGrad()) {
            return body.get();
        }
    }

    private static Backends.Scope enableGrad() {
        State s = STATE.get();
        int saved = s.disabled;
        s.disabled = 0;
        return () -> s.disabled = saved;
    }

    /**
     * Anomaly mode: every op checks its output for NaN/Inf, and every backward rule its cotangents, and the
     * first offender throws {@link AnomalyException} naming the op. Slow; for debugging. Per thread.
     */
    public static Backends.Scope detectAnomaly() {
        State s = STATE.get();
        boolean saved = s.anomaly;
        s.anomaly = true;
        return () -> s.anomaly = saved;
    }

    /** Thrown in anomaly mode by the first op that produced NaN or Inf, forward or backward. */
    public static final class AnomalyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AnomalyException(String message) {
            super(message);
        }
    }

    // ---- recording (used by the op families) -----------------------------------------------------------

    /**
     * Attaches a graph node to {@code out} when recording is on and an input requires a gradient; in anomaly
     * mode also checks {@code out} for NaN/Inf. Every op passes its result through here.
     */
    static Tensor record(String op, Tensor out, Tensor[] inputs, Vjp vjp) {
        State s = STATE.get();
        if (s.anomaly) {
            checkFinite(out, s.runningRule != null
                    ? "backward pass of '" + s.runningRule + "' (its '" + op + "' step)"
                    : "forward pass of '" + op + "'");
        }
        if (s.disabled != 0) {
            return out;
        }
        for (Tensor t : inputs) {
            if (t != null && t.node() != null) {
                return out.withNode(new GradNode(op, inputs.clone(), vjp, 0));
            }
        }
        return out;
    }

    private static void checkFinite(Tensor t, String where) {
        if (!t.dtype().isFloating()) {
            return;
        }
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new AnomalyException("anomaly: the " + where + " produced " + v[i] + " at flat index " + i
                        + " of a tensor of shape " + t.shape() + " (" + t.dtype().label() + ")");
            }
        }
    }

    // ---- tape interface ---------------------------------------------------------------------------------

    /** The same values as a leaf that gradients are taken with respect to (PyTorch's {@code requires_grad}). */
    public static Tensor track(Tensor x) {
        return trackAt(x, STATE.get().level);
    }

    private static Tensor trackAt(Tensor x, int level) {
        if (x.node() == null) {
            return x.withNode(new GradNode("input", new Tensor[0], null, level));
        }
        // Already tracked by an enclosing transform: an identity node keeps the outer path alive.
        Tensor[] in = {x};
        return x.withNode(new GradNode("input", in, (g, needed) -> new Tensor[] {g}, level));
    }

    /** The same values with no gradient flowing back. */
    public static Tensor stopGradient(Tensor x) {
        return x.node() == null ? x : Tensor.fromStorage(x.backend(), x.storage(), x.shape());
    }

    /**
     * Gradients of {@code y} (times the cotangent {@code seed}, of y's shape) with respect to the tracked
     * tensors {@code wrt}. The graph is released afterwards unless {@code keepGraph}; a tensor in {@code wrt}
     * that y does not depend on gets zeros.
     */
    public static Tensor[] gradients(Tensor y, Tensor seed, boolean keepGraph, Tensor... wrt) {
        if (!seed.shape().equals(y.shape()) || seed.dtype() != y.dtype()) {
            throw new OpException.ShapeException("gradients", "the seed has shape " + seed.shape() + " and dtype "
                    + seed.dtype().label() + "; expected the output's shape " + y.shape() + " and dtype "
                    + y.dtype().label());
        }
        for (Tensor t : wrt) {
            if (t.node() == null) {
                throw new OpException("gradients", "a tensor of shape " + t.shape()
                        + " in 'wrt' is not tracked; create it with Autodiff.track(x) before computing y");
            }
        }
        return backward(y, seed, keepGraph, wrt);
    }

    /** {@link #gradients(Tensor, Tensor, boolean, Tensor...)} of a one-element {@code y}, seed 1, graph released. */
    public static Tensor[] gradients(Tensor y, Tensor... wrt) {
        return gradients(y, scalarSeed("gradients", y), false, wrt);
    }

    // ---- function transforms ---------------------------------------------------------------------------

    /** The gradient of a scalar-valued {@code f} at {@code x}. */
    public static Tensor grad(Function<Tensor, Tensor> f, Tensor x) {
        return valueAndGrad(f, x).grad();
    }

    /** The value and gradient of a scalar-valued {@code f} at {@code x}. */
    public static ValueAndGrad valueAndGrad(Function<Tensor, Tensor> f, Tensor x) {
        List<Tensor> r = transform("grad", args -> f.apply(args.get(0)), List.of(x), null);
        return new ValueAndGrad(r.get(0), r.get(1));
    }

    /** The gradients of a scalar-valued {@code f} with respect to each of its arguments. */
    public static List<Tensor> grad(Function<List<Tensor>, Tensor> f, List<Tensor> args) {
        List<Tensor> r = transform("grad", f, args, null);
        return r.subList(1, r.size());
    }

    /** A value and its gradient. */
    public record ValueAndGrad(Tensor value, Tensor grad) {
    }

    /** The value of a scalar function of a parameter tree and its gradient, as a tree of the same names. */
    public static ValueAndGrads valueAndGrad(Function<Params, Tensor> f, Params params) {
        List<String> names = params.names();
        List<Tensor> r = transform("grad", args -> f.apply(Params.unflatten(names, args)), params.flatten(), null);
        return new ValueAndGrads(r.get(0), Params.unflatten(names, r.subList(1, r.size())));
    }

    /** The gradient of a scalar function of a parameter tree, as a tree of the same names. */
    public static Params grad(Function<Params, Tensor> f, Params params) {
        return valueAndGrad(f, params).grads();
    }

    /** A value and the gradients with respect to a parameter tree. */
    public record ValueAndGrads(Tensor value, Params grads) {
    }

    /** The vector-Jacobian product {@code v^T J_f(x)}; {@code v} has the shape of {@code f(x)}. */
    public static Tensor vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        return transform("vjp", args -> f.apply(args.get(0)), List.of(x), v).get(1);
    }

    /**
     * The Jacobian-vector product {@code J_f(x) t}, by differentiating the (linear) vjp with respect to its
     * cotangent; {@code t} has the shape of {@code x}.
     */
    public static Tensor jvp(Function<Tensor, Tensor> f, Tensor x, Tensor t) {
        Tensor y0 = noGrad(() -> f.apply(stopGradient(x)));
        return grad(u -> vjp(f, x, u).mul(t).sum(), y0.zerosLike());
    }

    /** The full Jacobian of {@code f} at {@code x}, of shape {@code f(x).shape + x.shape}; for small functions. */
    public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
        Tensor y = noGrad(() -> f.apply(stopGradient(x)));
        int m = y.size();
        Tensor[] rows = new Tensor[m];
        for (int i = 0; i < m; i++) {
            double[] e = new double[m];
            e[i] = 1;
            Tensor seed = Tensor.of(e, y.shape().dims()).to(y.backend()).cast(y.dtype());
            rows[i] = vjp(f, x, seed).reshape(-1);
        }
        int[] shape = concatDims(y.shape().dims(), x.shape().dims());
        if (m == 0) {
            return Tensor.zeros(x.dtype(), shape).to(x.backend());
        }
        return Tensor.stack(0, rows).reshape(shape);
    }

    /**
     * An op with a hand-written gradient: {@code forward} runs without recording and {@code rule} supplies
     * the input cotangents (written with tensor ops, so it is itself differentiable).
     */
    public static Tensor customGradient(String name, Function<Tensor[], Tensor> forward, CustomVjp rule,
            Tensor... inputs) {
        Tensor[] detached = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            detached[i] = stopGradient(inputs[i]);
        }
        Tensor out = noGrad(() -> forward.apply(detached));
        Tensor plainOut = stopGradient(out);
        return record(name, plainOut, inputs, (g, needed) -> {
            Tensor[] r = rule.apply(inputs, plainOut, g);
            if (r.length != inputs.length) {
                throw new IllegalStateException("custom gradient '" + name + "' returned " + r.length
                        + " cotangents for " + inputs.length + " inputs");
            }
            return r;
        });
    }

    /** The backward rule of {@link #customGradient}. */
    @FunctionalInterface
    public interface CustomVjp {
        /** Cotangents of the inputs from the inputs, the output and the output's cotangent. */
        Tensor[] apply(Tensor[] inputs, Tensor output, Tensor cotangent);
    }

    /**
     * Gradient checkpointing: {@code fn} runs without storing its intermediates, and is run again in the
     * backward pass to get them. Every tensor {@code fn} reads that needs a gradient must be among
     * {@code inputs}; reading another one throws when the gradient is taken.
     */
    public static Tensor checkpoint(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        Tensor[] detached = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            detached[i] = stopGradient(inputs[i]);
        }
        Tensor out = noGrad(() -> fn.apply(detached));
        return record("checkpoint", stopGradient(out), inputs, (g, needed) -> recompute(fn, inputs, g, needed));
    }

    /** {@link #checkpoint(Function, Tensor...)} for a function of one tensor. */
    public static Tensor checkpoint(Function<Tensor, Tensor> fn, Tensor input) {
        return checkpoint(args -> fn.apply(args[0]), new Tensor[] {input});
    }

    private static Tensor[] recompute(Function<Tensor[], Tensor> fn, Tensor[] inputs, Tensor g, boolean[] needed) {
        State s = STATE.get();
        // A recording backward pass (grad of grad) keeps the recomputation connected to the inputs.
        boolean connected = isGradEnabled();
        try (Backends.Scope on = enableGrad()) {
            s.level++;
            try {
                Tensor[] local = new Tensor[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    local[i] = trackAt(connected ? inputs[i] : stopGradient(inputs[i]), s.level);
                }
                Tensor y = fn.apply(local);
                if (y.node() == null) {
                    Tensor[] zeros = new Tensor[inputs.length];
                    for (int i = 0; i < inputs.length; i++) {
                        zeros[i] = inputs[i].zerosLike();
                    }
                    return zeros;
                }
                checkClosedOver(y, local);
                return backward(y, g, false, local);
            } finally {
                s.level--;
            }
        }
    }

    private static void checkClosedOver(Tensor y, Tensor[] local) {
        Set<GradNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : local) {
            seen.add(t.node());
        }
        int level = STATE.get().level;
        ArrayDeque<GradNode> todo = new ArrayDeque<>();
        if (seen.add(y.node())) {
            todo.push(y.node());
        }
        while (!todo.isEmpty()) {
            GradNode n = todo.pop();
            if (n.isLeaf() && n.level < level) {
                throw new OpException("checkpoint", "the checkpointed function reads a tensor that requires a "
                        + "gradient but is not one of its inputs; pass every such tensor as an input");
            }
            Tensor[] inputs = n.inputs();
            for (int i = 0; inputs != null && i < inputs.length; i++) {
                if (inputs[i] != null && inputs[i].node() != null && seen.add(inputs[i].node())) {
                    todo.push(inputs[i].node());
                }
            }
        }
    }

    // ---- accounting ---------------------------------------------------------------------------------

    /** How much a recorded graph holds on to. */
    public record GraphStats(int nodes, int storedTensors, long storedElements) {
    }

    /**
     * Counts the nodes of the graph behind {@code y} and the distinct tensors they keep as inputs: the
     * intermediates the backward pass will read.
     */
    public static GraphStats graphStats(Tensor y) {
        if (y.node() == null) {
            return new GraphStats(0, 0, 0);
        }
        List<GradNode> order = topologicalOrder(y.node());
        Set<Tensor> stored = Collections.newSetFromMap(new IdentityHashMap<>());
        long elements = 0;
        for (GradNode n : order) {
            for (Tensor t : n.inputs()) {
                if (t != null && stored.add(t)) {
                    elements += t.size();
                }
            }
        }
        return new GraphStats(order.size(), stored.size(), elements);
    }

    // ---- engine -----------------------------------------------------------------------------------------

    private static List<Tensor> transform(String name, Function<List<Tensor>, Tensor> f, List<Tensor> args,
            Tensor seed) {
        State s = STATE.get();
        s.level++;
        try (Backends.Scope on = enableGrad()) {
            Tensor[] tracked = new Tensor[args.size()];
            for (int i = 0; i < tracked.length; i++) {
                tracked[i] = trackAt(args.get(i), s.level);
            }
            Tensor y = f.apply(List.of(tracked));
            Tensor cotangent = seed != null ? seed : scalarSeed(name, y);
            if (seed != null && (!seed.shape().equals(y.shape()) || seed.dtype() != y.dtype())) {
                throw new OpException.ShapeException(name, "the cotangent has shape " + seed.shape() + " and dtype "
                        + seed.dtype().label() + "; expected the output's shape " + y.shape() + " and dtype "
                        + y.dtype().label());
            }
            Tensor value = stopGradientIfLocal(y);
            Tensor[] grads = backward(y, cotangent, false, tracked);
            List<Tensor> out = new ArrayList<>(grads.length + 1);
            out.add(value);
            Collections.addAll(out, grads);
            return out;
        } finally {
            s.level--;
        }
    }

    private static Tensor stopGradientIfLocal(Tensor y) {
        // The value keeps its graph only when an enclosing transform tracks something it depends on.
        if (y.node() == null) {
            return y;
        }
        int level = STATE.get().level;
        for (GradNode n : topologicalOrder(y.node())) {
            if (n.isLeaf() && n.level < level) {
                return y;
            }
        }
        return stopGradient(y);
    }

    private static Tensor scalarSeed(String name, Tensor y) {
        if (y.size() != 1) {
            throw new OpException.ShapeException(name, "the function returned a tensor of shape " + y.shape()
                    + "; a gradient needs a one-element (scalar) output, or use vjp with a cotangent of that shape");
        }
        if (!y.dtype().isFloating()) {
            throw new OpException.DTypeException(name, "the function returned an " + y.dtype().label()
                    + " tensor; gradients need float32 or float64");
        }
        return y.onesLike();
    }

    private static Tensor[] backward(Tensor y, Tensor seed, boolean keepGraph, Tensor[] wrt) {
        Tensor[] result = new Tensor[wrt.length];
        if (y.node() == null) {
            for (int i = 0; i < wrt.length; i++) {
                result[i] = wrt[i].zerosLike();
            }
            return result;
        }
        Set<GradNode> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        int minLevel = Integer.MAX_VALUE;
        for (Tensor t : wrt) {
            targets.add(t.node());
            minLevel = Math.min(minLevel, t.node().level);
        }
        List<GradNode> order = topologicalOrder(y.node());
        for (GradNode n : order) {
            if (n.isReleased()) {
                throw new IllegalStateException("the graph through '" + n.op + "' was released by an earlier "
                        + "backward pass; pass keepGraph = true to take gradients twice");
            }
        }
        // Only nodes from which a target can be reached need cotangents.
        Set<GradNode> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean outer = false;
        for (GradNode n : order) {
            if (n.isLeaf() && n.level < minLevel && !targets.contains(n)) {
                outer = true;
            }
            boolean r = targets.contains(n);
            for (Tensor t : n.inputs()) {
                if (t != null && t.node() != null && relevant.contains(t.node())) {
                    r = true;
                }
            }
            if (r) {
                relevant.add(n);
            }
        }
        // A tracked seed (as in jvp) or a tensor of an enclosing transform needs this pass to be recorded.
        boolean createGraph = (outer || seed.node() != null) && isGradEnabled();
        boolean anomaly = STATE.get().anomaly;
        Map<GradNode, Tensor> cotangents = new IdentityHashMap<>();
        cotangents.put(y.node(), seed);
        try (Backends.Scope mode = createGraph ? () -> { } : noGrad()) {
            for (int k = order.size() - 1; k >= 0; k--) {
                GradNode n = order.get(k);
                Tensor g = targets.contains(n) ? cotangents.get(n) : cotangents.remove(n);
                if (g == null || n.isLeaf() || !relevant.contains(n)) {
                    continue;
                }
                Tensor[] inputs = n.inputs();
                boolean[] needed = new boolean[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    needed[i] = inputs[i] != null && inputs[i].node() != null && relevant.contains(inputs[i].node());
                }
                Tensor[] gi;
                String outerRule = STATE.get().runningRule;
                STATE.get().runningRule = n.op;
                try {
                    gi = n.vjp().apply(g, needed);
                } finally {
                    STATE.get().runningRule = outerRule;
                }
                for (int i = 0; i < inputs.length; i++) {
                    if (!needed[i]) {
                        continue;
                    }
                    Tensor c = gi[i];
                    if (c == null) {
                        throw new IllegalStateException("the backward rule of '" + n.op + "' gave no cotangent for "
                                + "input " + i + " although it needs one");
                    }
                    if (!c.shape().equals(inputs[i].shape())) {
                        throw new IllegalStateException("the backward rule of '" + n.op + "' gave a cotangent of shape "
                                + c.shape() + " for input " + i + " of shape " + inputs[i].shape());
                    }
                    if (anomaly) {
                        checkFinite(c, "backward pass of '" + n.op + "' (cotangent of input " + i + ")");
                    }
                    cotangents.merge(inputs[i].node(), c, Tensor::add);
                }
                if (!keepGraph && !createGraph) {
                    n.release();
                }
            }
        }
        for (int i = 0; i < wrt.length; i++) {
            Tensor g = cotangents.get(wrt[i].node());
            result[i] = g != null ? g : wrt[i].zerosLike();
            if (!createGraph) {
                result[i] = stopGradient(result[i]);
            }
        }
        return result;
    }

    /** Nodes reachable from {@code root}, every node after all of its inputs' nodes. */
    private static List<GradNode> topologicalOrder(GradNode root) {
        List<GradNode> order = new ArrayList<>();
        Set<GradNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<GradNode> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        visited.add(root);
        while (!stack.isEmpty()) {
            GradNode n = stack.peek();
            int i = next.pop();
            Tensor[] inputs = n.inputs();
            if (inputs != null && i < inputs.length) {
                next.push(i + 1);
                Tensor t = inputs[i];
                if (t != null && t.node() != null && visited.add(t.node())) {
                    stack.push(t.node());
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(n);
            }
        }
        return order;
    }

    private static int[] concatDims(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
