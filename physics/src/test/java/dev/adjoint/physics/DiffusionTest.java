package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

/** Explicit and implicit diffusion of a Fourier mode against the discrete closed-form decay factors. */
class DiffusionTest {
    private static final int N = 16;
    private static final double NU = 0.3;
    private static final double DT = 0.2;
    private static final UniformGrid G = UniformGrid.square(2, N, 2 * Math.PI);
    private static final double DX = 2 * Math.PI / N;
    // Eigenvalue of the 3-point Laplacian for sin(x): (2 - 2 cos dx) / dx^2.
    private static final double LAMBDA = (2 - 2 * Math.cos(DX)) / (DX * DX);

    private static CenteredGrid mode() {
        return CenteredGrid.fromFunction("heat", G, DType.FLOAT64, Boundaries.periodic(2),
                p -> p.select(-1, 0).sin().unsqueeze(-1));
    }

    @Test
    void explicitAndImplicitDecayFactors() {
        CenteredGrid f = mode();
        double explicit = Math.pow(1 - NU * DT / 2 * LAMBDA, 2);
        Tensor e = Diffusion.explicit(f, NU, DT, 2).values();
        assertThat(e.sub(f.values().mul(explicit)).abs().max().item()).isLessThan(1e-12);
        Tensor i = Diffusion.implicit(f, NU, DT).values();
        assertThat(i.sub(f.values().div(1 + NU * DT * LAMBDA)).abs().max().item()).isLessThan(1e-9);
    }

    @Test
    void implicitDiffusionOfAStaggeredField() {
        StaggeredGrid v = StaggeredGrid.fromFunction("v", G, DType.FLOAT64, Boundaries.periodic(2),
                p -> Tensor.stack(-1, p.select(-1, 1).sin(), p.select(-1, 0).cos()));
        StaggeredGrid w = Diffusion.implicit(v, NU, DT);
        assertThat(w.maxAbsDifference(v.mul(1 / (1 + NU * DT * LAMBDA)))).isLessThan(1e-9);
        StaggeredGrid x = Diffusion.explicit(v, NU, DT, 1);
        assertThat(x.maxAbsDifference(v.mul(1 - NU * DT * LAMBDA))).isLessThan(1e-12);
    }

    @Test
    void implicitDiffusionHoldsConstantWalls() {
        // Walls at 1 on a zero field: one implicit step stays within [0, 1] and is largest next to the walls.
        UniformGrid g = UniformGrid.square(2, 8, 1);
        CenteredGrid f = CenteredGrid.zeros("t", g, 1, 1, DType.FLOAT64, Boundaries.all(2, Side.constant(1)));
        Tensor t = Diffusion.implicit(f, 0.1, 0.05).values();
        assertThat(t.min().item()).isGreaterThan(0);
        assertThat(t.max().item()).isLessThan(1);
        assertThat(t.get(0, 0, 0, 0)).isGreaterThan(t.get(0, 3, 3, 0));
    }

    @Test
    void linearProfileBetweenWallsIsSteady() {
        // Walls at 0 and 1 on axis 0, insulated on axis 1: the profile f = x is the discrete steady state, which
        // holds only when the wall values enter the stencil as ghosts 2 c - f at half a cell outside.
        UniformGrid g = UniformGrid.of(new int[] {8, 5}, new double[] {1, 2});
        Boundaries b = Boundaries.of(new Side[] {Side.constant(0), Side.zeroGradient()},
                new Side[] {Side.constant(1), Side.zeroGradient()});
        CenteredGrid f = CenteredGrid.fromFunction("t", g, DType.FLOAT64, b, p -> p.select(-1, 0).unsqueeze(-1));
        assertThat(Diffusion.implicit(f, 0.1, 0.5).values().sub(f.values()).abs().max().item()).isLessThan(1e-10);
        assertThat(Diffusion.explicit(f, 0.1, 0.01, 2).values().sub(f.values()).abs().max().item())
                .isLessThan(1e-14);
    }

    @Test
    void nonFiniteValuesNameTheField() {
        CenteredGrid bad = mode().withValues(mode().values().mul(Double.NaN)).withName("temperature");
        assertThatThrownBy(() -> Diffusion.implicit(bad, NU, DT)).hasMessageContaining("'temperature'")
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Diffusion.explicit(mode(), -NU, DT, 1)).hasMessageContaining("viscosity -0.3");
        assertThatThrownBy(() -> Diffusion.implicit(mode(), NU, 0)).hasMessageContaining("dt 0.0");
        assertThatThrownBy(() -> Diffusion.implicit(Operators.gradient(mode()), NU, Double.NaN))
                .hasMessageContaining("dt NaN");
        assertThat(Diffusion.explicit(mode(), 0, DT, 3).values().sub(mode().values()).abs().max().item())
                .isCloseTo(0, within(0.0));
    }
}
