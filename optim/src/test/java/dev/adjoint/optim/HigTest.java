package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

class HigTest {

    // The linear least-squares problem y_i = w a_i + b with a = (1, 2, 4), targets t = (1, 3, 2), start
    // w = 0.5, b = -1: y = (-0.5, 0, 1), residual r = y - t = (-1.5, -3, -1).
    // J = [[1, 1], [2, 1], [4, 1]], J^T J = [[21, 7], [7, 3]], J^T r = (-11.5, -5.5).
    private static final double[] A = {1, 2, 4};
    private static final double[] T = {1, 3, 2};

    private static Params line(DType dtype, double w, double b) {
        return Params.of("w", Tensor.of(new double[] {w}).cast(dtype), "b", Tensor.scalar(b, dtype));
    }

    private static final Hig.Model LINE = (p, in) -> in.mul(p.get("w")).add(p.get("b"));

    private static Hig.Loss halfSquares(double[] targets, DType dtype, int... shape) {
        Tensor t = Tensor.of(targets, shape).cast(dtype);
        return y -> y.sub(t).square().sum().mul(0.5);
    }

    private static double[] values(Params p) {
        return FlatParams.values(p);
    }

    @Test
    void halfInverseStepOnLinearLeastSquaresMatchesTheAnalyticStep() {
        // V S^-1/2 U^T = (J^T J)^-3/4 J^T, evaluated with the eigen-decomposition of the 2 x 2 matrix J^T J.
        double[] expected = lineNormal(0.5, -1).power(-0.75);
        Hig hig = Hig.of(0.7, 1e-6);
        Hig.Step s = hig.step(line(DType.FLOAT64, 0.5, -1), Tensor.of(A, 3, 1), LINE,
                halfSquares(T, DType.FLOAT64, 3, 1));
        assertThat(values(s.direction().delta())).containsExactly(expected, within(1e-13));
        assertThat(values(s.params())).containsExactly(
                new double[] {0.5 - 0.7 * expected[0], -1 - 0.7 * expected[1]}, within(1e-13));
        assertThat(s.direction().loss().item()).isCloseTo(0.5 * (2.25 + 9 + 1), within(1e-14));
        assertThat(s.direction().outputs().toDoubleArray()).containsExactly(new double[] {-0.5, 0, 1}, within(1e-15));
        assertThat(s.direction().kept()).isEqualTo(2);
        // The singular values are the square roots of the eigenvalues of J^T J: 12 +- sqrt(81 + 49).
        assertThat(s.direction().singularValues()).containsExactly(
                new double[] {Math.sqrt(12 + Math.sqrt(130)), Math.sqrt(12 - Math.sqrt(130))}, within(1e-13));
    }

    @Test
    void halfInverseStepOnAWideJacobianMatchesTheAnalyticStep() {
        // y_i = a_i . w with a = [[1, 2, 0], [0, 1, -1]], w = (0.5, -1, 2), t = (1, -1): y = (-1.5, -3),
        // g = y - t = (-2.5, -2). For a wide J, V S^-1/2 U^T = J^T (J J^T)^-3/4 with J J^T = [[5, 2], [2, 2]].
        double[] h = Sym2.power(5, 2, 2, -0.75).times(-2.5, -2);
        double[] expected = {h[0], 2 * h[0] + h[1], -h[1]};
        Params p = Params.of("w", Tensor.of(new double[] {0.5, -1, 2}));
        Hig.Model dot = (q, in) -> in.mul(q.get("w")).sum(1);
        Hig.Direction d = Hig.of(1, 1e-6).direction(p, Tensor.of(new double[] {1, 2, 0, 0, 1, -1}, 2, 3), dot,
                halfSquares(new double[] {1, -1}, DType.FLOAT64, 2));
        assertThat(values(d.delta())).containsExactly(expected, within(1e-13));
        assertThat(d.singularValues()).hasSize(2);
    }

    @Test
    void halfInverseOfANonlinearModelUsesItsJacobian() {
        // y_i = tanh(w a_i + b), loss the batch mean of 1/2 (y - t)^2 (the released code's 1/b):
        // dy_i/dw = (1 - y_i^2) a_i, dy_i/db = 1 - y_i^2, g_i = (y_i - t_i) / 3.
        double w = 0.3;
        double b = -0.2;
        double[] j = new double[6];
        double[] g = new double[3];
        for (int i = 0; i < 3; i++) {
            double y = Math.tanh(w * A[i] + b);
            double dy = 1 - y * y;
            j[2 * i] = dy * A[i];
            j[2 * i + 1] = dy;
            g[i] = (y - T[i]) / 3;
        }
        double[] expected = Normal.of(j, g).power(-0.75);
        Tensor t = Tensor.of(T, 3, 1);
        Hig.Loss mean = y -> y.sub(t).square().sum().mul(0.5 / 3);
        Hig.Direction d = Hig.of(1, 1e-6).direction(line(DType.FLOAT64, w, b), Tensor.of(A, 3, 1),
                (p, in) -> LINE.output(p, in).tanh(), mean);
        assertThat(values(d.delta())).containsExactly(expected, within(1e-13));
    }

    @Test
    void gaussNewtonReachesTheLeastSquaresSolutionInOneStep() {
        // Normal equations [[21, 7], [7, 3]] theta = J^T t = (15, 6): theta = (45 - 42, -105 + 126) / 14.
        Hig.Step s = Hig.gaussNewton(1, 1e-6).step(line(DType.FLOAT64, 0.5, -1), Tensor.of(A, 3, 1), LINE,
                halfSquares(T, DType.FLOAT64, 3, 1));
        assertThat(values(s.params())).containsExactly(new double[] {3.0 / 14, 1.5}, within(1e-14));
        // kappa = 1 is the Gauss-Newton direction (J^T J)^-1 J^T r.
        double[] gn = lineNormal(0.5, -1).power(-1);
        assertThat(values(s.direction().delta())).containsExactly(gn, within(1e-14));
    }

    @Test
    void gaussNewtonRecoversAMatrixAndBiasFromExactData() {
        // y = W a + b with W* = [[1, -2], [0.5, 3]], b* = (0.25, -1) on four inputs; from W = 0, b = 0 one
        // Gauss-Newton step with lr 1 lands on W*, b*. Checks the row (sample-major) and column (tree) order.
        double[] in = {1, 0, 0, 1, 1, 1, 2, -1};
        double[] targets = new double[8];
        for (int i = 0; i < 4; i++) {
            double a0 = in[2 * i];
            double a1 = in[2 * i + 1];
            targets[2 * i] = a0 - 2 * a1 + 0.25;
            targets[2 * i + 1] = 0.5 * a0 + 3 * a1 - 1;
        }
        Params p = Params.of("layer/W", Tensor.zeros(DType.FLOAT64, 2, 2), "layer/b", Tensor.zeros(DType.FLOAT64, 2));
        Hig.Model affine = (q, x) -> x.matmul(q.get("layer/W").transpose(0, 1)).add(q.get("layer/b"));
        Hig.Step s = Hig.gaussNewton(1, 1e-8).step(p, Tensor.of(in, 4, 2), affine,
                halfSquares(targets, DType.FLOAT64, 4, 2));
        assertThat(s.params().get("layer/W").toDoubleArray()).containsExactly(new double[] {1, -2, 0.5, 3},
                within(1e-13));
        assertThat(s.params().get("layer/b").toDoubleArray()).containsExactly(new double[] {0.25, -1}, within(1e-13));
        assertThat(s.direction().singularValues()).hasSize(6);
        assertThat(s.direction().kept()).isEqualTo(6);
    }

    @Test
    void truncationDropsSmallSingularValues() {
        // y = w * (1, 1e-4) for one sample, t = (1, 1), w = 0: J = diag(1, 1e-4), g = (-1, -1).
        Params p = Params.of("w", Tensor.zeros(DType.FLOAT64, 2));
        Tensor scale = Tensor.of(new double[] {1, 1e-4});
        Hig.Model model = (q, in) -> q.get("w").mul(scale).mul(in).reshape(1, 2);
        Tensor one = Tensor.ones(DType.FLOAT64, 1);
        Hig.Loss loss = halfSquares(new double[] {1, 1}, DType.FLOAT64, 1, 2);

        Hig.Direction cut = Hig.of(1, 1e-3).direction(p, one, model, loss);
        assertThat(cut.singularValues()).containsExactly(new double[] {1, 1e-4}, within(1e-18));
        assertThat(cut.kept()).isEqualTo(1);
        assertThat(values(cut.delta())).containsExactly(new double[] {-1, 0}, within(1e-15));

        Hig.Direction all = Hig.of(1, 1e-5).direction(p, one, model, loss);
        assertThat(all.kept()).isEqualTo(2);
        // (1e-4)^-1/2 = 100.
        assertThat(values(all.delta())).containsExactly(new double[] {-1, -100}, within(1e-10));

        Hig.Direction gn = Hig.gaussNewton(1, 1e-5).direction(p, one, model, loss);
        assertThat(values(gn.delta())).containsExactly(new double[] {-1, -1e4}, within(1e-8));
        Hig.Direction gnCut = Hig.gaussNewton(1, 1e-3).direction(p, one, model, loss);
        assertThat(values(gnCut.delta())).containsExactly(new double[] {-1, 0}, within(1e-15));
    }

    @Test
    void float32ParametersTakeTheSameStep() {
        double[] expected = lineNormal(0.5, -1).power(-0.75);
        Hig.Step s = Hig.of(0.7, 1e-6).step(line(DType.FLOAT32, 0.5, -1), Tensor.of(A, 3, 1).cast(DType.FLOAT32),
                LINE, halfSquares(T, DType.FLOAT32, 3, 1));
        assertThat(s.params().get("w").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(s.params().get("b").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(values(s.params())).containsExactly(
                new double[] {0.5 - 0.7 * expected[0], -1 - 0.7 * expected[1]}, within(1e-5));
    }

    /** A small network per sample: y = sin(W2 tanh(W1 x + b1)), x of 2 elements, y of 2. */
    private static final Hig.Model NET = (p, in) -> in.matmul(p.get("w1").transpose(0, 1)).add(p.get("b1")).tanh()
            .matmul(p.get("w2").transpose(0, 1)).sin();

    /** The same network with per-sample parameters ([b, ...] each). */
    private static final Hig.BatchModel NET_BATCHED = (p, in) -> {
        Tensor h = p.get("w1").matmul(in.unsqueeze(-1)).squeeze(-1).add(p.get("b1")).tanh();
        return p.get("w2").matmul(h.unsqueeze(-1)).squeeze(-1).sin();
    };

    private static Tensor random(long seed, int... shape) {
        return Rng.uniform(RandomKey.of(seed), DType.FLOAT64, -1, 1, shape);
    }

    @Test
    void theBatchedFormGivesTheSameDirectionAsThePerSampleForm() {
        Params p = Params.of("w1", random(1, 3, 2), "b1", random(2, 3),
                "w2", random(3, 2, 3));
        Tensor inputs = random(4, 5, 2);
        Tensor targets = random(5, 5, 2);
        Hig.Loss loss = y -> y.sub(targets).square().sum().div(5);
        for (Hig hig : new Hig[] {Hig.of(1, 1e-6), Hig.gaussNewton(1, 1e-6)}) {
            Hig.Direction one = hig.direction(p, inputs, NET, loss);
            Hig.Direction batched = hig.directionBatched(p, inputs, NET_BATCHED, loss);
            assertThat(batched.singularValues()).containsExactly(one.singularValues(), within(1e-12));
            assertThat(batched.kept()).isEqualTo(one.kept()).isEqualTo(10);
            assertThat(values(batched.delta())).containsExactly(values(one.delta()), within(1e-10));
            assertThat(batched.outputs().toDoubleArray()).containsExactly(one.outputs().toDoubleArray(),
                    within(1e-15));
            assertThat(values(hig.stepBatched(p, inputs, NET_BATCHED, loss).params()))
                    .containsExactly(values(hig.step(p, inputs, NET, loss).params()), within(1e-10));
        }
        assertThatThrownBy(() -> Hig.of(1, 1e-6).directionBatched(p, inputs, (q, in) -> NET_BATCHED.outputs(q, in)
                .sum(0), loss)).hasMessageContaining("shape (2,)").hasMessageContaining("leading dimension of 5");
    }

    @Test
    void directionFeedsAnyOptimizer() {
        Params p = line(DType.FLOAT64, 0.5, -1);
        Hig hig = Hig.of(0.25, 1e-6);
        Hig.Step s = hig.step(p, Tensor.of(A, 3, 1), LINE, halfSquares(T, DType.FLOAT64, 3, 1));
        Sgd sgd = Sgd.of(0.25);
        Optimizer.Step viaSgd = sgd.update(p, s.direction().delta(), sgd.init(p));
        assertThat(values(viaSgd.params())).containsExactly(values(s.params()), within(1e-15));
    }

    @Test
    void rejectsBadArguments() {
        for (double tau : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> Hig.of(1, tau)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tau").hasMessageContaining("(0.0, 1.0)");
        }
        assertThatThrownBy(() -> new Hig(1, 1.5, 1e-6)).hasMessageContaining("kappa")
                .hasMessageContaining("[0.0, 1.0]");
        assertThatThrownBy(() -> Hig.of(0, 1e-6)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> Hig.of(Double.POSITIVE_INFINITY, 1e-6)).hasMessageContaining("learning rate");

        Hig hig = Hig.of(1, 1e-6);
        Params p = line(DType.FLOAT64, 0.5, -1);
        Hig.Loss loss = halfSquares(T, DType.FLOAT64, 3, 1);
        assertThatThrownBy(() -> hig.direction(p, Tensor.zeros(DType.FLOAT64, 0, 1), LINE, loss))
                .hasMessageContaining("batch is empty").hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> hig.direction(p, Tensor.scalar(1.0), LINE, loss))
                .hasMessageContaining("samples along axis 0");
        assertThatThrownBy(() -> hig.direction(p, Tensor.of(A, 3, 1),
                (q, in) -> Tensor.concat(0, LINE.output(q, in), LINE.output(q, in)), loss))
                .hasMessageContaining("sample 0 has shape (2, 1)").hasMessageContaining("leading dimension of 1");
        assertThatThrownBy(() -> hig.direction(p, Tensor.of(A, 3, 1), (q, in) -> LINE.output(q, in).reshape(),
                loss)).hasMessageContaining("shape ()").hasMessageContaining("leading dimension of 1");
        assertThatThrownBy(() -> hig.direction(p, Tensor.of(A, 3, 1),
                (q, in) -> in.get(0, 0) > 1 ? Tensor.concat(1, LINE.output(q, in), LINE.output(q, in))
                        : LINE.output(q, in), loss))
                .hasMessageContaining("sample 1 has shape (1, 2)").hasMessageContaining("sample 0's has shape (1, 1)");
        assertThatThrownBy(() -> hig.direction(p, Tensor.of(A, 3, 1), LINE, y -> y))
                .hasMessageContaining("loss must be one").hasMessageContaining("(3, 1)");
        assertThatThrownBy(() -> hig.direction(Params.empty(), Tensor.of(A, 3, 1), LINE, loss))
                .hasMessageContaining("parameter tree is empty");
        // sqrt of y = -0.5 for sample 0 is NaN.
        assertThatThrownBy(() -> hig.direction(p, Tensor.of(A, 3, 1), (q, in) -> LINE.output(q, in).sqrt(), loss))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("NaN")
                .hasMessageContaining("sample 0");
        Tensor inputs = Tensor.of(A, 3, 1);
        assertThatThrownBy(() -> Autodiff.noGrad(() -> hig.direction(p, inputs, LINE, loss)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("noGrad");
    }

    /** The normal equations of the line {@code y_i = w a_i + b} on (A, T): rows (a_i, 1), g_i = y_i - t_i. */
    private static Normal lineNormal(double w, double b) {
        double[] j = new double[2 * A.length];
        double[] g = new double[A.length];
        for (int i = 0; i < A.length; i++) {
            j[2 * i] = A[i];
            j[2 * i + 1] = 1;
            g[i] = w * A[i] + b - T[i];
        }
        return Normal.of(j, g);
    }

    /** {@code J^T J = [[a, b], [b, c]]} and {@code J^T g = (g0, g1)} for a two-column Jacobian. */
    private record Normal(double a, double b, double c, double g0, double g1) {
        /** From {@code J} (row-major, two columns) and {@code g}. */
        static Normal of(double[] j, double[] g) {
            double a = 0;
            double b = 0;
            double c = 0;
            double g0 = 0;
            double g1 = 0;
            for (int i = 0; i < g.length; i++) {
                a += j[2 * i] * j[2 * i];
                b += j[2 * i] * j[2 * i + 1];
                c += j[2 * i + 1] * j[2 * i + 1];
                g0 += j[2 * i] * g[i];
                g1 += j[2 * i + 1] * g[i];
            }
            return new Normal(a, b, c, g0, g1);
        }

        /** {@code (J^T J)^p J^T g}. */
        double[] power(double p) {
            return Sym2.power(a, b, c, p).times(g0, g1);
        }
    }

    /** A symmetric 2 x 2 matrix [[a, b], [b, c]] and its powers via the closed-form eigen-decomposition. */
    private record Sym2(double a, double b, double c) {
        static Sym2 power(double a, double b, double c, double p) {
            double mid = (a + c) / 2;
            double rad = Math.sqrt((a - c) * (a - c) / 4 + b * b);
            double l1 = mid + rad;
            double l2 = mid - rad;
            if (b == 0) {
                return new Sym2(Math.pow(a, p), 0, Math.pow(c, p));
            }
            // Eigenvector of l: (b, l - a), normalized.
            double[] v1 = {b, l1 - a};
            double[] v2 = {b, l2 - a};
            double n1 = v1[0] * v1[0] + v1[1] * v1[1];
            double n2 = v2[0] * v2[0] + v2[1] * v2[1];
            double f1 = Math.pow(l1, p) / n1;
            double f2 = Math.pow(l2, p) / n2;
            return new Sym2(f1 * v1[0] * v1[0] + f2 * v2[0] * v2[0], f1 * v1[0] * v1[1] + f2 * v2[0] * v2[1],
                    f1 * v1[1] * v1[1] + f2 * v2[1] * v2[1]);
        }

        double[] times(double x, double y) {
            return new double[] {a * x + b * y, b * x + c * y};
        }
    }
}
