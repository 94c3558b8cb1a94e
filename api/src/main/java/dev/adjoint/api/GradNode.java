package dev.adjoint.api;

/**
 * One recorded op of the autodiff graph: the inputs it read and the rule that maps the output's cotangent
 * to the inputs' cotangents. A leaf (a tracked tensor) has no rule; its level is the nesting depth of the
 * transform that tracked it, which tells a backward pass whether an enclosing transform needs its ops.
 */
final class GradNode {
    final String op;
    final Vjp vjp;
    final int level;
    private Tensor[] inputs;

    GradNode(String op, Tensor[] inputs, Vjp vjp, int level) {
        this.op = op;
        this.inputs = inputs;
        this.vjp = vjp;
        this.level = level;
    }

    boolean isLeaf() {
        return vjp == null;
    }

    /** The inputs, or null once a backward pass has released the node. */
    Tensor[] inputs() {
        return inputs;
    }

    /** Drops the references to the inputs so their memory can be reclaimed. */
    void release() {
        if (vjp != null) {
            inputs = null;
        }
    }
}
