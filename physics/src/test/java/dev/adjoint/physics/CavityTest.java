package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The lid-driven cavity at Re = 100 against Ghia, Ghia &amp; Shin (1982). */
class CavityTest {

    @Test
    void re100ReachesSteadyStateAndMatchesGhiaOnBothCentrelines() {
        int n = 20;
        Cavity.Result r = Cavity.run(100, n, Cavity.stableDt(100, n), 6000, 1e-4, 50);
        assertThat(r.converged()).as("steady state, residual %s after %d steps", r.residual(), r.steps()).isTrue();
        GhiaCavity.Comparison c = r.compare(100);
        assertThat(c.maxErrorU()).as("max |u - Ghia| on x = 0.5").isLessThan(0.02);
        assertThat(c.maxErrorV()).as("max |v - Ghia| on y = 0.5").isLessThan(0.02);
        // The extremes sit where the table has them: u minimum near y = 0.45, v extremes near x = 0.80 and 0.23.
        assertThat(argMin(c.u())).isIn(8, 9);
        assertThat(argMin(c.v())).isEqualTo(7);
    }

    private static int argMin(double[] a) {
        int k = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[k]) {
                k = i;
            }
        }
        return k;
    }

    @Test
    void comparisonReadsTheStaggeredCentrelines() {
        // u = y is linear, and so is its interpolation between the faces and the walls (u = 0 at y = 0, u = 1 at
        // the lid): the comparison must read back exactly y at every table point.
        UniformGrid g = UniformGrid.square(2, 8, 1);
        StaggeredGrid v = StaggeredGrid.fromFunction("v", g, dev.adjoint.api.DType.FLOAT64, Cavity.boundaries(),
                p -> dev.adjoint.api.Tensor.stack(-1, p.select(-1, 1), p.select(-1, 0).mul(-1).add(1).mul(p.select(-1, 0))));
        GhiaCavity.Comparison c = GhiaCavity.compare(v, 100);
        for (int k = 1; k < GhiaCavity.Y.length - 1; k++) {
            double y = GhiaCavity.Y[k];
            assertThat(c.u()[k]).isCloseTo(y, org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(c.u()[0]).isEqualTo(1.0);
        assertThat(c.v()[0]).isEqualTo(0.0);
    }

    @Test
    void aNaNOrNegativeToleranceIsRejected() {
        for (double tolerance : new double[] {Double.NaN, -1e-3}) {
            assertThatThrownBy(() -> Cavity.run(100, 8, 0.01, 10, tolerance, 5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance " + tolerance);
        }
    }

    @Test
    void unknownReynoldsNumberIsRejected() {
        assertThatThrownBy(() -> GhiaCavity.uTable(400)).hasMessageContaining("Re = 400");
    }
}
