package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import org.junit.jupiter.api.Test;

/** The Taylor–Green vortex against its exact decaying solution, on the staggered faces. */
class TaylorGreenTest {
    private static final double NU = 0.1;
    private static final double DT = 0.025;
    private static final int STEPS = 40;

    private static NavierStokes solver(NavierStokes.Scheme scheme) {
        return new NavierStokes(NU, scheme, NavierStokes.Integrator.RK4, false,
                new PressureProjection(null, 1e-12, 10_000));
    }

    @Test
    void centralRk4SchemeConvergesAtSecondOrder() {
        int[] ns = {16, 32, 64};
        double[] err = new double[ns.length];
        for (int k = 0; k < ns.length; k++) {
            err[k] = TaylorGreen.simulate(ns[k], NU, DT, STEPS, solver(NavierStokes.Scheme.CENTRAL), DType.FLOAT64)
                    .maxError();
        }
        double order1 = Math.log(err[0] / err[1]) / Math.log(2);
        double order2 = Math.log(err[1] / err[2]) / Math.log(2);
        assertThat(order1).as("observed order 16 -> 32 (errors %s, %s)", err[0], err[1]).isGreaterThan(1.8);
        assertThat(order2).as("observed order 32 -> 64 (errors %s, %s)", err[1], err[2]).isGreaterThan(1.8);
        // Amplitude e^{-2 nu t} = 0.8187 at t = 1; the error is a small fraction of it.
        assertThat(err[2]).isLessThan(2e-4);
    }

    @Test
    void amplitudeDecaysAtTheAnalyticRate() {
        TaylorGreen.Result r = TaylorGreen.simulate(32, NU, DT, STEPS, solver(NavierStokes.Scheme.CENTRAL),
                DType.FLOAT64);
        // max |u| on the u-faces of the 32-cell grid is max |cos x sin y| sampled there, times e^{-2 nu t}.
        double sampledPeak = Math.sin(Math.PI / 2 - Math.PI / 32);
        double rate = Math.log(r.amplitude() / sampledPeak) / r.time();
        assertThat(rate).isCloseTo(-2 * NU, within(0.01 * 2 * NU));
    }

    @Test
    void semiLagrangianSplittingIsFirstOrderAndLessAccurate() {
        double coarse = TaylorGreen.simulate(16, NU, DT, STEPS,
                new NavierStokes(NU, NavierStokes.Scheme.SEMI_LAGRANGIAN, NavierStokes.Integrator.EULER, false,
                        new PressureProjection(null, 1e-12, 10_000)), DType.FLOAT64).maxError();
        double fine = TaylorGreen.simulate(32, NU, DT, STEPS,
                new NavierStokes(NU, NavierStokes.Scheme.SEMI_LAGRANGIAN, NavierStokes.Integrator.EULER, false,
                        new PressureProjection(null, 1e-12, 10_000)), DType.FLOAT64).maxError();
        double order = Math.log(coarse / fine) / Math.log(2);
        assertThat(order).isBetween(0.5, 1.5);
    }
}
