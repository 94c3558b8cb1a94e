package dev.adjoint.optim;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Tensor;
import java.util.List;
import java.util.function.Function;

/** The sample-by-sample machinery of the Jacobian-based {@link SipInverse} factories. */
final class LocalInverses {
    private LocalInverses() {
    }

    /** The change {@code dx} of one sample from its slices (leading dimension 1). */
    @FunctionalInterface
    interface SampleStep {
        double[] dx(Tensor x, Tensor y, Tensor yWanted);
    }

    /** {@code x + dx} with {@code dx} computed sample by sample, in {@code x}'s dtype. */
    static Tensor perSample(String who, Tensor x, Tensor y, Tensor yWanted, SampleStep step) {
        if (x.rank() == 0 || y.rank() == 0) {
            throw new IllegalArgumentException(who + ": x has shape " + x.shape() + " and y has shape " + y.shape()
                    + "; expected the samples along axis 0 of both");
        }
        int b = x.dim(0);
        if (y.dim(0) != b || !y.shape().equals(yWanted.shape())) {
            throw new IllegalArgumentException(who + ": x has shape " + x.shape() + ", y " + y.shape()
                    + " and yWanted " + yWanted.shape() + "; expected y and yWanted of one shape with " + b
                    + " samples like x");
        }
        Tensor[] parts = new Tensor[b];
        for (int i = 0; i < b; i++) {
            Tensor xi = x.slice(0, i, i + 1);
            double[] dx = step.dx(xi, y.slice(0, i, i + 1), yWanted.slice(0, i, i + 1));
            Tensor delta = Tensor.of(dx).reshape(xi.shape().dims()).to(x.backend()).cast(x.dtype());
            parts[i] = xi.add(delta);
        }
        return Tensor.concat(0, parts);
    }

    /** The Newton (or saddle-free Newton) change of one sample on {@code 1/2 |P(x) - yWanted|^2}. */
    static double[] newtonStep(String who, Function<Tensor, Tensor> physics, Tensor xi, Tensor wi,
            double rcond, boolean saddleFree) {
        Function<Tensor, Tensor> objective = z -> {
            Tensor out = physics.apply(z);
            Tensor r = out.sub(wi.cast(out.dtype()));
            return r.mul(r).sum().mul(0.5);
        };
        Jacobians.Result r = Jacobians.of(who, ts -> Autodiff.grad(objective, ts.get(0)), List.of(xi));
        double[] grad = r.value().toDoubleArray();
        Svd svd = Svd.of(r.matrix(), r.outputs(), r.inputs());
        double[] step = saddleFree ? svd.absInverseTimes(grad, rcond) : svd.inversePowerTimes(grad, 1, rcond);
        for (int i = 0; i < step.length; i++) {
            step[i] = -step[i];
        }
        return step;
    }

    /** {@code a - b}, element-wise, as doubles. */
    static double[] difference(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            x[i] -= y[i];
        }
        return x;
    }
}
