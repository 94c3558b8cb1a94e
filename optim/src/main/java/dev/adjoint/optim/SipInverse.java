package dev.adjoint.optim;

import dev.adjoint.api.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The (local) inverse of the physics that a {@link Sip} update uses: from the current point {@code x}, its
 * simulation {@code y = P(x)} and the wanted output {@code yWanted = y + dy}, the proxy target
 * {@code x~ = P^-1(yWanted; x)}. Implement it directly for a problem-specific solver (e.g. the stabilised inverse
 * diffusion of the heat experiment, {@code (P, x, y, yw) -> x.add(step(yw.sub(y)))}), or use a factory:
 * <ul>
 *   <li>{@link #exact}: an explicit inverse function of {@code yWanted} alone;</li>
 *   <li>{@link #gaussNewton}: {@code x~ = x + J^+ (yWanted - y)} with the physics Jacobian {@code J = dP/dx};</li>
 *   <li>{@link #newton}: one Newton step {@code x~ = x - H^+ grad} on {@code 1/2 |P(x) - yWanted|^2};</li>
 *   <li>{@link #saddleFreeNewton}: the same with {@code |H|^-1}, so the step always descends.</li>
 * </ul>
 * The Jacobian-based inverses treat each sample (index along axis 0) on its own, feeding the physics the slice
 * {@code [i, i+1)}; they build dense matrices per sample (one reverse sweep per output element, and for the Newton
 * variants a Hessian) and suit small problems. Pseudo-inverses drop singular values at or below
 * {@code rcond * max}, as numpy's {@code pinv}.
 */
@FunctionalInterface
public interface SipInverse {

    /**
     * The proxy target {@code x~}, of {@code x}'s shape. All arguments are untracked constants.
     *
     * @param physics the forward physics {@code P}, for inverses that differentiate or re-simulate it
     * @param x       the current point (the network prediction, stopped)
     * @param y       {@code P(x)}
     * @param yWanted the output to move towards, {@code y + eta (y* - y)}
     */
    Tensor invert(Function<Tensor, Tensor> physics, Tensor x, Tensor y, Tensor yWanted);

    /** {@code x~ = inverse(yWanted)}: an analytic inverse of the physics, e.g. {@code (z1, sqrt z2)} for the 2D toy. */
    static SipInverse exact(UnaryOperator<Tensor> inverse) {
        Objects.requireNonNull(inverse, "inverse");
        return (physics, x, y, yWanted) -> inverse.apply(yWanted);
    }

    /**
     * Gauss-Newton, per sample: {@code x~ = x + J^+ (yWanted - y)} with {@code J = dP/dx} at {@code x} and the
     * truncated pseudo-inverse. This is the PBDL book's SIP variant for the coupled oscillators, there with
     * {@code rcond = 1e-5} and the step {@code -d(L/b)/dy} for {@code L = sum |y - y*|^2}, i.e. {@code eta = 2/b}.
     *
     * @param rcond the relative singular-value cut-off, in (0, 1)
     */
    static SipInverse gaussNewton(double rcond) {
        checkRcond("gaussNewton", rcond);
        return (physics, x, y, yWanted) -> LocalInverses.perSample("SipInverse.gaussNewton", x, y, yWanted,
                (xi, yi, wi) -> {
                    Jacobians.Result r = Jacobians.of("SipInverse.gaussNewton",
                            ts -> physics.apply(ts.get(0)), List.of(xi));
                    double[] residual = LocalInverses.difference(wi, yi);
                    return Svd.of(r.matrix(), r.outputs(), r.inputs()).inversePowerTimes(residual, 1, rcond);
                });
    }

    /**
     * Newton, per sample: one step {@code x~ = x - H^+ grad} on {@code l(x) = 1/2 |P(x) - yWanted|^2}, with the
     * full Hessian {@code H} (including the physics' second derivatives) and its truncated pseudo-inverse.
     *
     * @param rcond the relative singular-value cut-off, in (0, 1)
     */
    static SipInverse newton(double rcond) {
        checkRcond("newton", rcond);
        return (physics, x, y, yWanted) -> LocalInverses.perSample("SipInverse.newton", x, y, yWanted,
                (xi, yi, wi) -> LocalInverses.newtonStep("SipInverse.newton", physics, xi, wi, rcond, false));
    }

    /**
     * Saddle-free Newton, per sample: {@code x~ = x - |H|^-1 grad} on {@code l(x) = 1/2 |P(x) - yWanted|^2}, where
     * {@code |H|} has the Hessian's eigenvectors and the magnitudes of its eigenvalues (small ones truncated). In
     * one dimension this is {@code x + |g / H| sign(-g)}, the Newton inverse of the exponential experiment.
     *
     * @param rcond the relative singular-value cut-off, in (0, 1)
     */
    static SipInverse saddleFreeNewton(double rcond) {
        checkRcond("saddleFreeNewton", rcond);
        return (physics, x, y, yWanted) -> LocalInverses.perSample("SipInverse.saddleFreeNewton", x, y, yWanted,
                (xi, yi, wi) -> LocalInverses.newtonStep("SipInverse.saddleFreeNewton", physics, xi, wi, rcond,
                        true));
    }

    private static void checkRcond(String who, double rcond) {
        Slots.requireRange("SipInverse." + who + " rcond (the relative singular-value cut-off)", rcond, 0, false, 1,
                false);
    }
}
