package dev.adjoint.api.testing;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks reverse-mode gradients against central finite differences. A non-scalar function is reduced to
 * the scalar {@code sum(w * f(x))} with fixed random weights {@code w}, so every output element counts.
 * Small inputs are checked element by element; large ones along random directions.
 *
 * <p>FLOAT64 inputs are checked tightly with differences in float64. For FLOAT32 inputs the analytic
 * gradient is computed in float32 and compared, loosely, with float64 differences of the same function
 * applied to the inputs cast to float64. INT32 inputs (indices, masks) are constants. Every comparison allows,
 * beyond {@code atol + rtol * |value|}, the finite difference's own rounding noise (see {@link #roundoffFloor}).
 */
public final class GradCheck {
    /** Rounding error of one float64 evaluation of the weighted sum, in ulps of its total magnitude. */
    private static final double ROUNDOFF_ULPS = 2;

    private double rtol = 1e-6;
    private double atol = 1e-9;
    private double eps = 1e-6;
    private int elementLimit = 64;
    private int directions = 6;
    private long seed = 12345;

    private GradCheck() {
    }

    /** Default tolerances for the dtype of the inputs: tight for float64, loose for float32. */
    public static GradCheck forDType(DType dtype) {
        GradCheck c = new GradCheck();
        if (dtype == DType.FLOAT32) {
            c.rtol = 2e-3;
            c.atol = 2e-4;
        }
        return c;
    }

    /** Checks {@code f} at {@code inputs} with defaults for the first floating input's dtype. */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        DType dtype = DType.FLOAT64;
        for (Tensor t : inputs) {
            if (t.dtype().isFloating()) {
                dtype = t.dtype();
                break;
            }
        }
        forDType(dtype).run(f, inputs);
    }

    /**
     * Checks {@code f} at float64 inputs with the tight defaults, then at the same inputs cast to float32 with
     * the loose ones (INT32 inputs stay as they are).
     */
    public static void checkFloat64AndFloat32(Function<Tensor[], Tensor> f, Tensor... float64Inputs) {
        forDType(DType.FLOAT64).run(f, float64Inputs);
        Tensor[] single = new Tensor[float64Inputs.length];
        for (int i = 0; i < single.length; i++) {
            single[i] = float64Inputs[i].dtype() == DType.FLOAT64 ? float64Inputs[i].cast(DType.FLOAT32)
                    : float64Inputs[i];
        }
        forDType(DType.FLOAT32).run(f, single);
    }

    public GradCheck rtol(double v) {
        rtol = v;
        return this;
    }

    public GradCheck atol(double v) {
        atol = v;
        return this;
    }

    /** The finite-difference step (in float64). */
    public GradCheck eps(double v) {
        eps = v;
        return this;
    }

    /** Inputs with at most this many elements are checked element by element. */
    public GradCheck elementLimit(int v) {
        elementLimit = v;
        return this;
    }

    /** The number of random directions for larger inputs. */
    public GradCheck directions(int v) {
        directions = v;
        return this;
    }

    public GradCheck seed(long v) {
        seed = v;
        return this;
    }

    /** Runs the check; throws AssertionError naming the input, the element or direction and both values. */
    public void run(Function<Tensor[], Tensor> f, Tensor... inputs) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor probe = Autodiff.noGrad(() -> f.apply(inputs));
        double[] weights = new double[probe.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextDouble(-1, 1);
        }
        double roundoff = roundoffFloor(probe.toDoubleArray(), weights);
        Function<Tensor[], Tensor> scalar = xs -> {
            Tensor y = f.apply(xs);
            if (y.size() == 1 && weights.length == 1) {
                return y.reshape();
            }
            Tensor w = Tensor.of(weights).reshape(y.shape().dims()).to(y.backend()).cast(y.dtype());
            return y.mul(w).sum();
        };
        List<Integer> floating = new ArrayList<>();
        List<Tensor> args = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype().isFloating()) {
                floating.add(i);
                args.add(inputs[i]);
            }
        }
        List<Tensor> analytic = Autodiff.grad(xs -> {
            Tensor[] all = inputs.clone();
            for (int k = 0; k < floating.size(); k++) {
                all[floating.get(k)] = xs.get(k);
            }
            return scalar.apply(all);
        }, args);

        Tensor[] base = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            base[i] = inputs[i].dtype().isFloating() ? inputs[i].cast(DType.FLOAT64) : inputs[i];
        }
        for (int k = 0; k < floating.size(); k++) {
            int which = floating.get(k);
            double[] x = base[which].toDoubleArray();
            double[] g = analytic.get(k).toDoubleArray();
            if (g.length != x.length) {
                throw new AssertionError("gradient of input " + which + " has " + g.length + " elements; expected "
                        + x.length);
            }
            if (x.length <= elementLimit) {
                for (int j = 0; j < x.length; j++) {
                    double[] d = new double[x.length];
                    d[j] = 1;
                    compare(scalar, base, which, x, d, g[j], roundoff, "input " + which + " element " + j);
                }
            } else {
                for (int r = 0; r < directions; r++) {
                    double[] d = new double[x.length];
                    double dot = 0;
                    for (int j = 0; j < d.length; j++) {
                        d[j] = random.nextDouble(-1, 1);
                        dot += d[j] * g[j];
                    }
                    compare(scalar, base, which, x, d, dot, roundoff, "input " + which + " direction " + r);
                }
            }
        }
    }

    private void compare(Function<Tensor[], Tensor> scalar, Tensor[] base, int which, double[] x, double[] d,
            double analytic, double roundoff, String what) {
        double plus = evaluate(scalar, base, which, x, d, eps);
        double minus = evaluate(scalar, base, which, x, d, -eps);
        double numeric = (plus - minus) / (2 * eps);
        double tolerance = atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic)) + roundoff;
        if (!(Math.abs(numeric - analytic) <= tolerance)) {
            throw new AssertionError("gradient mismatch at " + what + ": analytic " + analytic + ", finite difference "
                    + numeric + " (|diff| " + Math.abs(numeric - analytic) + " > tolerance " + tolerance + "; rtol "
                    + rtol + ", atol " + atol + ", eps " + eps + ", round-off floor " + roundoff + ")");
        }
    }

    /**
     * The finite difference's own noise: {@code sum(w * f)} is a float64 sum whose terms are about
     * {@code |w_i f_i|}, so each evaluation carries a rounding error of a few ulps of their total, and the
     * difference quotient divides it by {@code 2 eps}. Without this floor a large output with small, cancelling
     * gradients fails on rounding alone (seen: |diff| 4.8e-9 for a total of 62 at eps 1e-6, 0.7 ulp).
     */
    private double roundoffFloor(double[] outputs, double[] weights) {
        double total = 0;
        for (int i = 0; i < outputs.length; i++) {
            total += Math.abs(outputs[i] * weights[i]);
        }
        return ROUNDOFF_ULPS * Math.ulp(1.0) * total / eps;
    }

    private static double evaluate(Function<Tensor[], Tensor> scalar, Tensor[] base, int which, double[] x,
            double[] d, double step) {
        double[] moved = Arrays.copyOf(x, x.length);
        for (int j = 0; j < moved.length; j++) {
            moved[j] += step * d[j];
        }
        Tensor[] args = base.clone();
        args[which] = Tensor.of(moved).reshape(base[which].shape().dims()).to(base[which].backend());
        return Autodiff.noGrad(() -> scalar.apply(args)).item();
    }
}
