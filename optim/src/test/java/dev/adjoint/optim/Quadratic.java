package dev.adjoint.optim;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;

/**
 * The test objective {@code sum(scale * (w - target)^2) + 10 * (b + 1)^2} over the tree {w: [3], b: []}; its
 * minimum is at w = target = [1, -2, 3], b = -1.
 */
final class Quadratic {
    private Quadratic() {
    }

    static Params start(DType dtype) {
        return Params.of("net/w", Tensor.of(new double[] {0.5, 0.5, 0.5}).cast(dtype),
                "net/b", Tensor.scalar(2.0, dtype));
    }

    static Tensor loss(Params p) {
        DType dtype = p.get("net/w").dtype();
        Tensor target = Tensor.of(new double[] {1, -2, 3}).cast(dtype);
        Tensor scale = Tensor.of(new double[] {1, 4, 0.5}).cast(dtype);
        Tensor w = p.get("net/w").sub(target);
        Tensor b = p.get("net/b").add(1.0);
        return w.mul(w).mul(scale).sum().add(b.mul(b).mul(10.0));
    }

    static Params grad(Params p) {
        return Autodiff.grad(Quadratic::loss, p);
    }

    /** The parameters after {@code steps} updates from {@code params} and {@code state}. */
    static Optimizer.Step train(Optimizer opt, Params params, OptimizerState state, int steps) {
        Optimizer.Step s = new Optimizer.Step(params, state);
        for (int t = 0; t < steps; t++) {
            s = opt.update(s.params(), grad(s.params()), s.state());
        }
        return s;
    }
}
