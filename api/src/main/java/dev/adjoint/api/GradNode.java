package dev.adjoint.api;

/**
 * One recorded op of the autodiff graph: the inputs it read and the rule that maps the output's cotangent
 * to the inputs' cotangents. A leaf (a tracked tensor) has no rule; its level is the nesting depth of the
 * transform that tracked it, which tells a backward pass whether an enclosing transform needs its ops.
 */
final class GradNode {
    final String op;
    final int level;
    private final boolean leaf;
    private Tensor[] inputs;
    private Vjp vjp;

    GradNode(String op, Tensor[] inputs, Vjp vjp, int level) {
        this.op = op;
        this.inputs = inputs;
        this.vjp = vjp;
        this.level = level;
        this.leaf = vjp == null;
    }

    boolean isLeaf() {
        return leaf;
    }

    /** Whether a backward pass has already dropped this node's inputs and rule. */
    boolean isReleased() {
        return !leaf && vjp == null;
    }

    /** The inputs, or null once released. */
    Tensor[] inputs() {
        return inputs;
    }

    /** The backward rule, or null for a leaf or once released. */
    Vjp vjp() {
        return vjp;
    }

    /** Drops the inputs and the rule (and everything its closure holds) so their memory can be reclaimed. */
    void release() {
        if (!leaf) {
            inputs = null;
            vjp = null;
        }
    }
}
