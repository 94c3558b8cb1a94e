package dev.adjoint.optim;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;

/** The tiny parameter tree and fixed gradient sequence that the optimizer tests step through. */
final class Trees {
    /** Initial values: layer/w = [1, -2], b = [0.5]. */
    static final double[] P0 = {1.0, -2.0, 0.5};
    /** The gradient of each step, flattened like {@link #values}. */
    static final double[][] GRADS = {{0.5, -1.0, 2.0}, {0.1, 0.3, -1.0}, {-0.2, 0.0, 0.5}};

    private Trees() {
    }

    /** The tree {layer/w: [v0, v1], b: [v2]}. */
    static Params tree(DType dtype, double... v) {
        return Params.of("layer/w", Tensor.of(new double[] {v[0], v[1]}).cast(dtype),
                "b", Tensor.of(new double[] {v[2]}).cast(dtype));
    }

    /** The tree's values in order w0, w1, b0. */
    static double[] values(Params p) {
        double[] w = p.get("layer/w").toDoubleArray();
        double[] b = p.get("b").toDoubleArray();
        return new double[] {w[0], w[1], b[0]};
    }

    /** The values after each of {@code steps} updates of {@code opt} from {@link #P0} with {@link #GRADS}. */
    static double[][] run(Optimizer opt, int steps, DType dtype) {
        Params p = tree(dtype, P0);
        OptimizerState s = opt.init(p);
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            Optimizer.Step step = opt.update(p, tree(dtype, GRADS[t]), s);
            p = step.params();
            s = step.state();
            out[t] = values(p);
        }
        return out;
    }
}
