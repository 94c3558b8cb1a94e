package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

/** Grids, fields, boundary conditions and obstacle masks. */
class FieldsTest {
    private static final UniformGrid G = UniformGrid.of(new int[] {4, 5}, new double[] {2, 5});

    @Test
    void gridGeometry() {
        assertThat(G.dx(0)).isEqualTo(0.5);
        assertThat(G.dx(1)).isEqualTo(1.0);
        assertThat(G.cellCount()).isEqualTo(20);
        Tensor c = G.cellCenters(DType.FLOAT64);
        assertThat(c.shape().dims()).containsExactly(4, 5, 2);
        assertThat(c.get(3, 4, 0)).isEqualTo(1.75);
        assertThat(c.get(3, 4, 1)).isEqualTo(4.5);
        assertThatThrownBy(() -> UniformGrid.of(new int[] {4}, new double[] {1}, new double[] {1}))
                .hasMessageContaining("upper > lower");
    }

    @Test
    void unpairedPeriodicSideIsRejected() {
        assertThatThrownBy(() -> Boundaries.of(new Side[] {Side.periodic(), Side.zeroGradient()},
                new Side[] {Side.zeroGradient(), Side.zeroGradient()}))
                .hasMessageContaining("axis 0").hasMessageContaining("periodic must be on both sides");
    }

    @Test
    void wrongShapesAndMismatchedGridsNameTheField() {
        assertThatThrownBy(() -> CenteredGrid.of("smoke", G, Tensor.zeros(1, 4, 4, 1), Boundaries.zeroGradient(2)))
                .hasMessageContaining("'smoke'").hasMessageContaining("(1, 4, 4, 1)");
        CenteredGrid a = CenteredGrid.zeros("a", G, 1, 1, DType.FLOAT32, Boundaries.zeroGradient(2));
        CenteredGrid b = CenteredGrid.zeros("b", UniformGrid.square(2, 4, 2), 1, 1, DType.FLOAT32,
                Boundaries.zeroGradient(2));
        assertThatThrownBy(() -> a.add(b)).hasMessageContaining("'a'").hasMessageContaining("'b'");
        assertThatThrownBy(() -> StaggeredGrid.of("wind", G, new Tensor[] {Tensor.zeros(1, 4, 5), Tensor.zeros(1, 4, 6)},
                Boundaries.zero(2))).hasMessageContaining("'wind'").hasMessageContaining("component 0");
        assertThatThrownBy(() -> StaggeredGrid.zeros("lid", G, 1, DType.FLOAT32,
                Boundaries.all(2, Side.constant(1, 2, 3)))).hasMessageContaining("'lid'")
                .hasMessageContaining("3 values");
        assertThatThrownBy(() -> StaggeredGrid.of("gust", G, new Tensor[] {Tensor.zeros(1, 5, 5), Tensor.zeros(2, 4, 6)},
                Boundaries.zero(2))).hasMessageContaining("'gust'").hasMessageContaining("component 1 has batch 2");
    }

    @Test
    void buoyancyNamesEachFieldWithItsOwnGrid() {
        CenteredGrid density = CenteredGrid.zeros("density", UniformGrid.square(2, 5, 1), 1, 1, DType.FLOAT64,
                Boundaries.zeroGradient(2));
        StaggeredGrid v = StaggeredGrid.zeros("vel", UniformGrid.square(2, 4, 1), 1, DType.FLOAT64,
                Boundaries.zero(2));
        assertThatThrownBy(() -> Forces.buoyancy(density, new double[] {0, 1}, v))
                .hasMessageContaining("field 'density' lives on UniformGrid[5, 5]");
        CenteredGrid batched = CenteredGrid.zeros("density", v.grid(), 2, 1, DType.FLOAT64,
                Boundaries.zeroGradient(2));
        StaggeredGrid three = StaggeredGrid.zeros("vel", v.grid(), 3, DType.FLOAT64, Boundaries.zero(2));
        assertThatThrownBy(() -> Forces.buoyancy(batched, new double[] {0, 1}, three))
                .hasMessageContaining("'density' has batch 2").hasMessageContaining("'vel' has batch 3");
    }

    @Test
    void staggeredFaceCountsDependOnPeriodicity() {
        Boundaries b = Boundaries.of(new Side[] {Side.periodic(), Side.constant(0)},
                new Side[] {Side.periodic(), Side.constant(0)});
        StaggeredGrid v = StaggeredGrid.zeros("v", G, 3, DType.FLOAT32, b);
        assertThat(v.component(0).shape().dims()).containsExactly(3, 4, 5);
        assertThat(v.component(1).shape().dims()).containsExactly(3, 4, 6);
    }

    @Test
    void divergenceOfALinearFieldIsExact() {
        StaggeredGrid v = StaggeredGrid.fromFunction("v", G, DType.FLOAT64, Boundaries.zeroGradient(2),
                p -> Tensor.stack(-1, p.select(-1, 0).mul(2), p.select(-1, 1).mul(3)));
        Tensor div = Operators.divergence(v).values();
        assertThat(div.sub(5).abs().max().item()).isLessThan(1e-12);
    }

    @Test
    void laplacianOfAQuadraticIsExactInsideAndSeesConstantWalls() {
        CenteredGrid f = CenteredGrid.fromFunction("f", G, DType.FLOAT64, Boundaries.zeroGradient(2),
                p -> p.select(-1, 0).square().add(p.select(-1, 1).square().mul(3)).unsqueeze(-1));
        Tensor lap = Operators.laplacian(f).values();
        Tensor inner = lap.slice(1, 1, 3).slice(2, 1, 4);
        assertThat(inner.sub(8).abs().max().item()).isLessThan(1e-10);
        // A zero field with walls held at 1: the first cell sees the ghost 2 * 1 - 0, i.e. 2 / dx^2 per wall.
        CenteredGrid z = CenteredGrid.zeros("z", G, 1, 1, DType.FLOAT64, Boundaries.all(2, Side.constant(1)));
        Tensor lz = Operators.laplacian(z).values();
        assertThat(lz.get(0, 0, 2, 0)).isCloseTo(2 / 0.25, within(1e-12));
        assertThat(lz.get(0, 0, 0, 0)).isCloseTo(2 / 0.25 + 2 / 1.0, within(1e-12));
        assertThat(lz.get(0, 1, 2, 0)).isZero();
    }

    @Test
    void gradientOnFacesAndVorticityOfRotation() {
        CenteredGrid f = CenteredGrid.fromFunction("f", G, DType.FLOAT64, Boundaries.zeroGradient(2),
                p -> p.select(-1, 0).mul(2).sub(p.select(-1, 1)).unsqueeze(-1));
        StaggeredGrid g = Operators.gradient(f);
        assertThat(g.component(0).slice(1, 1, 4).sub(2).abs().max().item()).isLessThan(1e-12);
        assertThat(g.component(1).slice(2, 1, 5).add(1).abs().max().item()).isLessThan(1e-12);
        // Zero-gradient walls: no flux through the boundary faces.
        assertThat(g.component(0).slice(1, 0, 1).abs().max().item()).isZero();
        StaggeredGrid rot = StaggeredGrid.fromFunction("rot", G, DType.FLOAT64, Boundaries.zeroGradient(2),
                p -> Tensor.stack(-1, p.select(-1, 1).neg(), p.select(-1, 0)));
        Tensor w = Operators.vorticity(rot).values();
        assertThat(w.slice(1, 1, 3).slice(2, 1, 4).sub(2).abs().max().item()).isLessThan(1e-12);
        CenteredGrid cg = Operators.centeredGradient(f);
        assertThat(cg.channels()).isEqualTo(2);
        assertThat(cg.values().select(3, 0).slice(1, 1, 3).sub(2).abs().max().item()).isLessThan(1e-12);
    }

    @Test
    void centredAndStaggeredResamplingAgreeWithLinearFields() {
        StaggeredGrid v = StaggeredGrid.fromFunction("v", G, DType.FLOAT64, Boundaries.zeroGradient(2),
                p -> Tensor.stack(-1, p.select(-1, 0).add(1), p.select(-1, 1).mul(2)));
        CenteredGrid c = Operators.toCentered(v);
        Tensor centres = G.cellCenters(DType.FLOAT64);
        assertThat(c.values().select(3, 0).squeeze(0).sub(centres.select(-1, 0).add(1)).abs().max().item())
                .isLessThan(1e-12);
        StaggeredGrid back = Operators.toStaggered(c);
        assertThat(back.component(0).slice(1, 1, 4).sub(v.component(0).slice(1, 1, 4)).abs().max().item())
                .isLessThan(1e-12);
    }

    @Test
    void movingLidAndSymmetricWalls() {
        UniformGrid g = UniformGrid.square(2, 4, 1);
        StaggeredGrid v = StaggeredGrid.zeros("v", g, 1, DType.FLOAT64, Cavity.boundaries()).withBoundaryValues();
        // The lid is tangential to the top wall: u at the cells below it is 0, the wall value 1 enters via ghosts.
        Tensor lap = Operators.laplacian(v).component(0);
        assertThat(lap.get(0, 2, 3)).isCloseTo(2 / (0.25 * 0.25), within(1e-9));
        assertThat(lap.get(0, 2, 0)).isZero();
        Tensor samples = v.sample(Tensor.of(new double[] {0.5, 1.0, 0.5, 0.0}, 1, 2, 2));
        assertThat(samples.get(0, 0, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(samples.get(0, 1, 0)).isCloseTo(0.0, within(1e-12));
        // A symmetric wall mirrors a centred vector field: the normal channel flips sign (zero on the wall, -1 at
        // the ghost centre), the tangential one not.
        CenteredGrid f = CenteredGrid.of("f", g, Tensor.full(DType.FLOAT64, 1, 1, 4, 4, 2),
                Boundaries.all(2, Side.symmetric()));
        Tensor out = f.sample(Tensor.of(new double[] {0.0, 0.5, -0.125, 0.5}, 1, 2, 2));
        assertThat(out.get(0, 0, 0)).isCloseTo(0.0, within(1e-12));
        assertThat(out.get(0, 0, 1)).isCloseTo(1.0, within(1e-12));
        assertThat(out.get(0, 1, 0)).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void symmetricWallsMirrorAScalarEvenlyOnEveryAxis() {
        // A scalar is even at a mirror: a constant has zero gradient on every face, walls included, and its value
        // on the wall faces is the constant (the bug: axis 0 treated the scalar as the normal vector component).
        UniformGrid g = UniformGrid.square(2, 4, 1);
        CenteredGrid f = CenteredGrid.of("f", g, Tensor.full(DType.FLOAT64, 3, 1, 4, 4, 1),
                Boundaries.all(2, Side.symmetric()));
        StaggeredGrid grad = Operators.gradient(f);
        assertThat(grad.component(0).abs().max().item()).isZero();
        assertThat(grad.component(1).abs().max().item()).isZero();
        for (int axis = 0; axis < 2; axis++) {
            Tensor faces = Operators.atFaces(f, axis, Boundaries.zero(2));
            assertThat(faces.sub(3).abs().max().item()).as("axis %d", axis).isZero();
        }
    }

    @Test
    void symmetricWallsFlipOnlyTheNormalChannelOfAVectorField() {
        // Three channels on a 2-D grid are three scalars (e.g. colours), all even at a mirror; two are a vector.
        UniformGrid g = UniformGrid.square(2, 4, 1);
        Tensor outside = Tensor.of(new double[] {-0.125, 0.5}, 1, 1, 2);
        CenteredGrid colours = CenteredGrid.of("rgb", g, Tensor.full(DType.FLOAT64, 1, 1, 4, 4, 3),
                Boundaries.all(2, Side.symmetric()));
        assertThat(colours.sample(outside).toDoubleArray()).containsExactly(1, 1, 1);
        CenteredGrid vector = colours.withValues(Tensor.full(DType.FLOAT64, 1, 1, 4, 4, 2));
        assertThat(vector.sample(outside).toDoubleArray()).containsExactly(-1, 1);
    }

    @Test
    void periodicSamplingWraps() {
        UniformGrid g = UniformGrid.of(new int[] {4}, new double[] {4});
        CenteredGrid f = CenteredGrid.scalar("f", g, Tensor.of(new double[] {0, 1, 2, 3}, 1, 4), Boundaries.periodic(1));
        Tensor out = f.sample(Tensor.of(new double[] {0.0, 4.5}, 1, 2, 1));
        assertThat(out.get(0, 0, 0)).isCloseTo(1.5, within(1e-12));
        assertThat(out.get(0, 1, 0)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void obstacleMasksFromBoxesAndSpheres() {
        UniformGrid g = UniformGrid.square(2, 10, 10);
        Geometry box = Geometry.box(new double[] {0, 0}, new double[] {3, 2});
        Geometry ball = Geometry.sphere(new double[] {7, 7}, 1.2);
        Tensor mask = Geometry.union(box, ball).cellMask(g, DType.FLOAT32);
        // Box: centres 0.5..2.5 by 0.5..1.5 -> 3 x 2 cells; ball: centres within 1.2 of (7, 7) -> 4 cells.
        assertThat(mask.sum().item()).isEqualTo(10.0);
        double area = Geometry.sphere(new double[] {5, 5}, 3).coverage(g, 16, DType.FLOAT64).sum().item();
        assertThat(area).isCloseTo(Math.PI * 9, within(0.02 * Math.PI * 9));
        assertThatThrownBy(() -> Geometry.union(box, Geometry.sphere(new double[] {1, 1, 1}, 1)))
                .hasMessageContaining("dimension");
    }
}
