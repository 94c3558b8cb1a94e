package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reshape, permute, squeeze, broadcast, slice, select, concat, stack, pad and shift against hand-computed
 * values (pad expectations are what NumPy's {@code np.pad} gives), and their argument errors.
 */
class LayoutTest {
    private static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64);

    private static Tensor t(DType dtype, double[] data, int... shape) {
        return Tensor.of(data, shape).cast(dtype);
    }

    /** x[i, j, k] = 12i + 4j + k, shape (2, 3, 4). */
    private static Tensor cube(DType dtype) {
        double[] d = new double[24];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return t(dtype, d, 2, 3, 4);
    }

    /** 0, 1, ..., n - 1. */
    private static Tensor range(DType dtype, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return t(dtype, d);
    }

    private static void assertValues(Tensor actual, DType dtype, int[] shape, double... expected) {
        assertThat(actual.dtype()).isEqualTo(dtype);
        assertThat(actual.shape()).isEqualTo(Shape.of(shape));
        assertThat(actual.toDoubleArray()).as("%s %s", dtype, actual.shape()).containsExactly(expected);
    }

    // ---- reshape -----------------------------------------------------------------------------------

    @Test
    void reshapeKeepsRowMajorOrderAndInfersMinusOne() {
        for (DType dtype : DType.values()) {
            Tensor x = range(dtype, 6).reshape(2, 3);
            assertValues(x, dtype, new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
            assertValues(x.reshape(3, -1), dtype, new int[] {3, 2}, 0, 1, 2, 3, 4, 5);
            assertValues(x.reshape(-1), dtype, new int[] {6}, 0, 1, 2, 3, 4, 5);
            assertValues(x.reshape(1, -1, 1), dtype, new int[] {1, 6, 1}, 0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void reshapeSharesStorageAndHandlesScalarsAndEmpty() {
        Tensor x = range(DType.FLOAT32, 6);
        assertThat(x.reshape(2, 3).storage()).isSameAs(x.storage());
        Tensor s = Tensor.scalar(4, DType.FLOAT64);
        assertValues(s.reshape(1, 1), DType.FLOAT64, new int[] {1, 1}, 4);
        assertValues(s.reshape(-1), DType.FLOAT64, new int[] {1}, 4);
        assertValues(t(DType.FLOAT64, new double[] {4}).reshape(), DType.FLOAT64, new int[] {}, 4);
        Tensor empty = Tensor.zeros(0, 3);
        assertThat(empty.reshape(-1, 3).shape()).isEqualTo(Shape.of(0, 3));
        assertThat(empty.reshape(3, 0, 5).shape()).isEqualTo(Shape.of(3, 0, 5));
    }

    @Test
    void reshapeErrorsNameBothShapes() {
        Tensor x = range(DType.FLOAT32, 6).reshape(2, 3);
        assertThatThrownBy(() -> x.reshape(4, 2)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("reshape").hasMessageContaining("(2, 3)").hasMessageContaining("[4, 2]");
        assertThatThrownBy(() -> x.reshape(4, -1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("reshape").hasMessageContaining("(2, 3)").hasMessageContaining("[4, -1]");
        assertThatThrownBy(() -> x.reshape(-1, -1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("only one dimension may be -1");
        assertThatThrownBy(() -> x.reshape(-2, -3)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("[-2, -3]");
        assertThatThrownBy(() -> Tensor.zeros(0).reshape(-1, 0)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(0,)").hasMessageContaining("[-1, 0]");
    }

    // ---- permute, transpose ------------------------------------------------------------------------

    @Test
    void permuteMovesAxes() {
        for (DType dtype : DType.values()) {
            Tensor x = cube(dtype);
            // out[k, i, j] = 12i + 4j + k
            double[] expected = {0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19,
                23};
            assertValues(x.permute(2, 0, 1), dtype, new int[] {4, 2, 3}, expected);
            assertValues(x.permute(-1, 0, -2), dtype, new int[] {4, 2, 3}, expected);
            assertValues(x.permute(0, 1, 2), dtype, new int[] {2, 3, 4}, x.toDoubleArray());
            // out[j, i, k] = 12i + 4j + k
            assertValues(x.permute(1, 0, 2), dtype, new int[] {3, 2, 4}, 0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7,
                    16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23);
        }
        assertValues(Tensor.scalar(3, DType.FLOAT64).permute(), DType.FLOAT64, new int[] {}, 3);
    }

    @Test
    void transposeSwapsTwoAxes() {
        for (DType dtype : FLOATS) {
            Tensor m = range(dtype, 6).reshape(2, 3);
            assertValues(m.transpose(0, 1), dtype, new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
            assertValues(m.transpose(-1, 0), dtype, new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
            assertValues(m.transpose(1, 1), dtype, new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
            // out[i, k, j] = 12i + 4j + k
            assertValues(cube(dtype).transpose(1, 2), dtype, new int[] {2, 4, 3}, 0, 4, 8, 1, 5, 9, 2, 6, 10, 3,
                    7, 11, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23);
        }
    }

    @Test
    void permuteErrorsNameThePermutation() {
        Tensor x = cube(DType.FLOAT32);
        assertThatThrownBy(() -> x.permute(0, 0, 1)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("permute").hasMessageContaining("[0, 0, 1]").hasMessageContaining("(2, 3, 4)");
        assertThatThrownBy(() -> x.permute(0, -3, 1)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("[0, -3, 1]");
        assertThatThrownBy(() -> x.permute(1, 0)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("permute").hasMessageContaining("[1, 0]");
        assertThatThrownBy(() -> x.permute(0, 1, 3)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("permute").hasMessageContaining("axis 3");
        assertThatThrownBy(() -> x.transpose(0, 3)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("transpose").hasMessageContaining("axis 3");
    }

    // ---- squeeze, unsqueeze --------------------------------------------------------------------------

    @Test
    void squeezeAndUnsqueezeChangeOnlyTheShape() {
        Tensor x = t(DType.FLOAT64, new double[] {1, 2, 3}, 1, 3, 1);
        assertValues(x.squeeze(), DType.FLOAT64, new int[] {3}, 1, 2, 3);
        assertValues(x.squeeze(0), DType.FLOAT64, new int[] {3, 1}, 1, 2, 3);
        assertValues(x.squeeze(-1), DType.FLOAT64, new int[] {1, 3}, 1, 2, 3);
        assertValues(x.squeeze(0, 2), DType.FLOAT64, new int[] {3}, 1, 2, 3);
        assertThat(x.squeeze().storage()).isSameAs(x.storage());
        assertThat(Tensor.zeros(1, 1).squeeze().shape()).isEqualTo(Shape.scalar());
        assertThat(Tensor.zeros(2, 0).squeeze().shape()).isEqualTo(Shape.of(2, 0));

        Tensor v = t(DType.FLOAT32, new double[] {1, 2, 3});
        assertValues(v.unsqueeze(0), DType.FLOAT32, new int[] {1, 3}, 1, 2, 3);
        assertValues(v.unsqueeze(1), DType.FLOAT32, new int[] {3, 1}, 1, 2, 3);
        assertValues(v.unsqueeze(-1), DType.FLOAT32, new int[] {3, 1}, 1, 2, 3);
        assertValues(v.unsqueeze(-2), DType.FLOAT32, new int[] {1, 3}, 1, 2, 3);
        assertThat(v.unsqueeze(0).storage()).isSameAs(v.storage());
        assertThat(Tensor.scalar(1).unsqueeze(0).shape()).isEqualTo(Shape.of(1));
        assertThat(Tensor.zeros(2, 3).unsqueeze(1).shape()).isEqualTo(Shape.of(2, 1, 3));
    }

    @Test
    void squeezeAndUnsqueezeErrors() {
        Tensor x = Tensor.zeros(1, 3, 1);
        assertThatThrownBy(() -> x.squeeze(1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("squeeze").hasMessageContaining("axis 1").hasMessageContaining("(1, 3, 1)")
                .hasMessageContaining("size 3");
        assertThatThrownBy(() -> x.squeeze(3)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("squeeze").hasMessageContaining("axis 3");
        assertThatThrownBy(() -> x.squeeze(0, -3)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("more than once");
        Tensor v = Tensor.zeros(3);
        assertThatThrownBy(() -> v.unsqueeze(2)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("unsqueeze").hasMessageContaining("axis 2").hasMessageContaining("(3,)")
                .hasMessageContaining("[-2, 1]");
        assertThatThrownBy(() -> v.unsqueeze(-3)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("unsqueeze").hasMessageContaining("axis -3");
    }

    // ---- broadcastTo -------------------------------------------------------------------------------

    @Test
    void broadcastToRepeatsAlongNewAndSizeOneAxes() {
        for (DType dtype : DType.values()) {
            Tensor row = t(dtype, new double[] {1, 2, 3});
            assertValues(row.broadcastTo(2, 3), dtype, new int[] {2, 3}, 1, 2, 3, 1, 2, 3);
            Tensor col = t(dtype, new double[] {1, 2, 3}, 3, 1);
            assertValues(col.broadcastTo(3, 2), dtype, new int[] {3, 2}, 1, 1, 2, 2, 3, 3);
            assertValues(col.broadcastTo(2, 3, 2), dtype, new int[] {2, 3, 2}, 1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3);
            assertValues(Tensor.scalar(5, dtype).broadcastTo(2, 2), dtype, new int[] {2, 2}, 5, 5, 5, 5);
            assertValues(row.broadcastTo(3), dtype, new int[] {3}, 1, 2, 3);
            assertThat(col.broadcastTo(3, 0).shape()).isEqualTo(Shape.of(3, 0));
        }
    }

    @Test
    void broadcastToErrorsNameBothShapes() {
        Tensor row = Tensor.zeros(3);
        assertThatThrownBy(() -> row.broadcastTo(2, 4)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("broadcastTo").hasMessageContaining("(3,)").hasMessageContaining("(2, 4)");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).broadcastTo(3)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(2, 3)").hasMessageContaining("(3,)");
        assertThatThrownBy(() -> Tensor.zeros(2, 1).broadcastTo(1, 1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(2, 1)").hasMessageContaining("(1, 1)");
    }

    // ---- slice, select -------------------------------------------------------------------------------

    @Test
    void sliceFollowsPythonSemantics() {
        for (DType dtype : DType.values()) {
            Tensor x = range(dtype, 10);
            assertValues(x.slice(0, 2, 7, 2), dtype, new int[] {3}, 2, 4, 6);
            assertValues(x.slice(0, 2, 8, 3), dtype, new int[] {2}, 2, 5);
            assertValues(x.slice(0, -3, 100), dtype, new int[] {3}, 7, 8, 9);
            assertValues(x.slice(0, -100, 3), dtype, new int[] {3}, 0, 1, 2);
            assertValues(x.slice(0, 4, -4), dtype, new int[] {2}, 4, 5);
            assertValues(x.slice(0, 5, 5), dtype, new int[] {0});
            assertValues(x.slice(0, 7, 2), dtype, new int[] {0});
            assertValues(x.slice(0, 12, 20), dtype, new int[] {0});
        }
    }

    @Test
    void sliceWithNegativeSteps() {
        for (DType dtype : FLOATS) {
            Tensor x = range(dtype, 10);
            // a[8:2:-2]
            assertValues(x.slice(0, 8, 2, -2), dtype, new int[] {3}, 8, 6, 4);
            // a[100:-100:-3]: start clips to 9, stop to "before 0"
            assertValues(x.slice(0, 100, -100, -3), dtype, new int[] {4}, 9, 6, 3, 0);
            // a[::-1]
            assertValues(x.slice(0, -1, Integer.MIN_VALUE, -1), dtype, new int[] {10}, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
            // a[-2:-5:-1]
            assertValues(x.slice(0, -2, -5, -1), dtype, new int[] {3}, 8, 7, 6);
            assertValues(x.slice(0, 2, 7, -1), dtype, new int[] {0});
            assertValues(x.slice(0, 0, 0, -1), dtype, new int[] {0});
            // m[i, j] = 4i + j; m[:, 3:0:-2]
            Tensor m = range(dtype, 12).reshape(3, 4);
            assertValues(m.slice(1, 3, 0, -2), dtype, new int[] {3, 2}, 3, 1, 7, 5, 11, 9);
            assertValues(m.slice(-2, 2, -3, -1), dtype, new int[] {2, 4}, 8, 9, 10, 11, 4, 5, 6, 7);
        }
    }

    @Test
    void sliceOfHigherRankTensors() {
        for (DType dtype : FLOATS) {
            Tensor x = cube(dtype);
            // x[:, 1:3, ::2] = 12i + 4j + k for j in {1, 2}, k in {0, 2}
            Tensor s = x.slice(1, 1, 3).slice(2, 0, 4, 2);
            assertValues(s, dtype, new int[] {2, 2, 2}, 4, 6, 8, 10, 16, 18, 20, 22);
            assertValues(x.slice(0, 1, 2).slice(1, 0, 1), dtype, new int[] {1, 1, 4}, 12, 13, 14, 15);
        }
    }

    @Test
    void sliceErrors() {
        Tensor x = Tensor.zeros(2, 5);
        assertThatThrownBy(() -> x.slice(1, 0, 3, 0)).isInstanceOf(OpException.class)
                .hasMessageContaining("slice").hasMessageContaining("step 0").hasMessageContaining("(2, 5)");
        assertThatThrownBy(() -> x.slice(2, 0, 1)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("slice").hasMessageContaining("axis 2");
    }

    @Test
    void selectDropsTheAxis() {
        for (DType dtype : DType.values()) {
            Tensor m = range(dtype, 12).reshape(3, 4);
            assertValues(m.select(0, 1), dtype, new int[] {4}, 4, 5, 6, 7);
            assertValues(m.select(0, -3), dtype, new int[] {4}, 0, 1, 2, 3);
            assertValues(m.select(1, -1), dtype, new int[] {3}, 3, 7, 11);
            assertValues(m.select(-1, 2), dtype, new int[] {3}, 2, 6, 10);
            assertValues(m.select(0, 2).select(0, 1), dtype, new int[] {}, 9);
            // x[:, 2, :] = 12i + 8 + k
            assertValues(cube(dtype).select(1, 2), dtype, new int[] {2, 4}, 8, 9, 10, 11, 20, 21, 22, 23);
        }
        assertThat(Tensor.zeros(2, 0).select(0, 1).shape()).isEqualTo(Shape.of(0));
    }

    @Test
    void selectErrorsNameIndexAxisAndSize() {
        Tensor m = Tensor.zeros(3, 4);
        assertThatThrownBy(() -> m.select(1, 4)).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("select").hasMessageContaining("index 4").hasMessageContaining("axis 1")
                .hasMessageContaining("size 4");
        assertThatThrownBy(() -> m.select(0, -4)).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("index -4").hasMessageContaining("axis 0").hasMessageContaining("size 3");
        assertThatThrownBy(() -> m.select(2, 0)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("select");
        assertThatThrownBy(() -> Tensor.scalar(1).select(0, 0)).isInstanceOf(OpException.AxisException.class);
    }

    // ---- concat, stack -----------------------------------------------------------------------------

    @Test
    void concatJoinsAlongAnAxis() {
        for (DType dtype : DType.values()) {
            Tensor a = t(dtype, new double[] {1, 2, 3, 4}, 2, 2);
            Tensor b = t(dtype, new double[] {5, 6}, 2, 1);
            Tensor c = t(dtype, new double[] {7, 8}, 1, 2);
            assertValues(Tensor.concat(1, a, b), dtype, new int[] {2, 3}, 1, 2, 5, 3, 4, 6);
            assertValues(Tensor.concat(-1, b, a, b), dtype, new int[] {2, 4}, 5, 1, 2, 5, 6, 3, 4, 6);
            assertValues(Tensor.concat(0, a, c), dtype, new int[] {3, 2}, 1, 2, 3, 4, 7, 8);
            assertValues(Tensor.concat(0, a), dtype, new int[] {2, 2}, 1, 2, 3, 4);
            Tensor none = t(dtype, new double[0], 2, 0);
            assertValues(Tensor.concat(1, none, b, none), dtype, new int[] {2, 1}, 5, 6);
        }
        // x (2, 3, 4) with itself along the middle axis: each 12-block repeated
        Tensor x = cube(DType.FLOAT64);
        Tensor cc = Tensor.concat(1, x, x.slice(1, 0, 1));
        assertValues(cc, DType.FLOAT64, new int[] {2, 4, 4}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 12,
                13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 12, 13, 14, 15);
    }

    @Test
    void concatErrors() {
        Tensor a = Tensor.zeros(2, 2);
        Tensor b = Tensor.zeros(2, 1);
        assertThatThrownBy(() -> Tensor.concat(0, a, b)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("concat").hasMessageContaining("(2, 2)").hasMessageContaining("(2, 1)");
        assertThatThrownBy(() -> Tensor.concat(0, a, Tensor.zeros(2))).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("concat").hasMessageContaining("(2,)").hasMessageContaining("ranks");
        assertThatThrownBy(() -> Tensor.concat(1, a, Tensor.zeros(DType.FLOAT64, 2, 1)))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("concat")
                .hasMessageContaining("float32").hasMessageContaining("float64");
        assertThatThrownBy(() -> Tensor.concat(0)).isInstanceOf(OpException.class)
                .hasMessageContaining("concat").hasMessageContaining("at least one");
        assertThatThrownBy(() -> Tensor.concat(2, a, a)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("concat").hasMessageContaining("axis 2");
        assertThatThrownBy(() -> Tensor.concat(0, Tensor.scalar(1), Tensor.scalar(2)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("concat");
    }

    @Test
    void stackAddsANewAxis() {
        for (DType dtype : DType.values()) {
            Tensor a = t(dtype, new double[] {1, 2});
            Tensor b = t(dtype, new double[] {3, 4});
            assertValues(Tensor.stack(0, a, b), dtype, new int[] {2, 2}, 1, 2, 3, 4);
            assertValues(Tensor.stack(1, a, b), dtype, new int[] {2, 2}, 1, 3, 2, 4);
            assertValues(Tensor.stack(-1, a, b, a), dtype, new int[] {2, 3}, 1, 3, 1, 2, 4, 2);
            assertValues(Tensor.stack(0, Tensor.scalar(7, dtype), Tensor.scalar(8, dtype)), dtype, new int[] {2}, 7,
                    8);
        }
        Tensor m = range(DType.FLOAT32, 4).reshape(2, 2);
        // out[i, k, j] = m[k][i, j]
        assertValues(Tensor.stack(1, m, m.add(10)), DType.FLOAT32, new int[] {2, 2, 2}, 0, 1, 10, 11, 2, 3, 12,
                13);
    }

    @Test
    void stackErrors() {
        assertThatThrownBy(() -> Tensor.stack(0, Tensor.zeros(2), Tensor.zeros(3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("stack")
                .hasMessageContaining("(2,)").hasMessageContaining("(3,)");
        assertThatThrownBy(() -> Tensor.stack(2, Tensor.zeros(2), Tensor.zeros(2)))
                .isInstanceOf(OpException.AxisException.class).hasMessageContaining("stack")
                .hasMessageContaining("axis 2").hasMessageContaining("[-2, 1]");
        assertThatThrownBy(() -> Tensor.stack(0, Tensor.zeros(2), Tensor.zeros(DType.INT32, 2)))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("stack")
                .hasMessageContaining("int32");
        assertThatThrownBy(() -> Tensor.stack(0)).isInstanceOf(OpException.class).hasMessageContaining("stack");
    }

    // ---- pad ---------------------------------------------------------------------------------------------

    private static void assertPad1d(PadMode mode, int width, double... expected) {
        for (DType dtype : DType.values()) {
            Tensor x = t(dtype, new double[] {1, 2, 3, 4});
            Tensor p = x.pad(new int[] {width}, new int[] {width}, mode);
            assertValues(p, dtype, new int[] {4 + 2 * width}, expected);
        }
    }

    @Test
    void padConstant1d() {
        assertPad1d(PadMode.CONSTANT, 1, 0, 1, 2, 3, 4, 0);
        assertPad1d(PadMode.CONSTANT, 3, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0);
        assertPad1d(PadMode.CONSTANT, 6, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0);
        for (DType dtype : DType.values()) {
            Tensor p = t(dtype, new double[] {1, 2}).pad(new int[] {1}, new int[] {2}, PadMode.CONSTANT, 9);
            assertValues(p, dtype, new int[] {5}, 9, 1, 2, 9, 9);
        }
        Tensor half = Tensor.of(new float[] {1}).pad(new int[] {1}, new int[] {0}, PadMode.CONSTANT, 2.5);
        assertThat(half.toFloatArray()).containsExactly(2.5f, 1f);
        Tensor truncated = Tensor.of(new int[] {1}).pad(new int[] {1}, new int[] {0}, PadMode.CONSTANT, -2.7);
        assertThat(truncated.toIntArray()).containsExactly(-2, 1);
    }

    @Test
    void padPeriodic1d() {
        assertPad1d(PadMode.PERIODIC, 1, 4, 1, 2, 3, 4, 1);
        assertPad1d(PadMode.PERIODIC, 3, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3);
        assertPad1d(PadMode.PERIODIC, 6, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2);
        assertPad1d(PadMode.PERIODIC, 9, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1);
    }

    @Test
    void padEdge1d() {
        assertPad1d(PadMode.EDGE, 1, 1, 1, 2, 3, 4, 4);
        assertPad1d(PadMode.EDGE, 3, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4);
        assertPad1d(PadMode.EDGE, 6, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4);
    }

    @Test
    void padReflect1d() {
        assertPad1d(PadMode.REFLECT, 1, 2, 1, 2, 3, 4, 3);
        assertPad1d(PadMode.REFLECT, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1);
        assertPad1d(PadMode.REFLECT, 6, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4);
        assertPad1d(PadMode.REFLECT, 9, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1);
        // a single element reflects onto itself
        Tensor one = Tensor.of(new double[] {5}).pad(new int[] {3}, new int[] {2}, PadMode.REFLECT);
        assertValues(one, DType.FLOAT64, new int[] {6}, 5, 5, 5, 5, 5, 5);
    }

    @Test
    void padSymmetric1d() {
        assertPad1d(PadMode.SYMMETRIC, 1, 1, 1, 2, 3, 4, 4);
        assertPad1d(PadMode.SYMMETRIC, 3, 3, 2, 1, 1, 2, 3, 4, 4, 3, 2);
        assertPad1d(PadMode.SYMMETRIC, 6, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4, 4, 3, 2, 1, 1, 2);
        assertPad1d(PadMode.SYMMETRIC, 9, 1, 1, 2, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4, 4);
    }

    @Test
    void pad2dWithUnequalWidths() {
        int[] before = {1, 2};
        int[] after = {0, 1};
        int[] shape = {3, 6};
        for (DType dtype : DType.values()) {
            Tensor m = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertValues(m.pad(before, after, PadMode.CONSTANT), dtype, shape,
                    0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 4, 5, 6, 0);
            assertValues(m.pad(before, after, PadMode.CONSTANT, 7), dtype, shape,
                    7, 7, 7, 7, 7, 7, 7, 7, 1, 2, 3, 7, 7, 7, 4, 5, 6, 7);
            assertValues(m.pad(before, after, PadMode.PERIODIC), dtype, shape,
                    5, 6, 4, 5, 6, 4, 2, 3, 1, 2, 3, 1, 5, 6, 4, 5, 6, 4);
            assertValues(m.pad(before, after, PadMode.EDGE), dtype, shape,
                    1, 1, 1, 2, 3, 3, 1, 1, 1, 2, 3, 3, 4, 4, 4, 5, 6, 6);
            assertValues(m.pad(before, after, PadMode.REFLECT), dtype, shape,
                    6, 5, 4, 5, 6, 5, 3, 2, 1, 2, 3, 2, 6, 5, 4, 5, 6, 5);
            assertValues(m.pad(before, after, PadMode.SYMMETRIC), dtype, shape,
                    2, 1, 1, 2, 3, 3, 2, 1, 1, 2, 3, 3, 5, 4, 4, 5, 6, 6);
        }
        // widths beyond the axis on both axes: rows 2, 3 reflect with period 2, columns with period 4
        Tensor m = t(DType.FLOAT64, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor big = m.pad(new int[] {2, 4}, new int[] {3, 0}, PadMode.REFLECT);
        double[] row1 = {1, 2, 3, 2, 1, 2, 3};
        double[] row2 = {4, 5, 6, 5, 4, 5, 6};
        double[] expected = new double[49];
        for (int r = 0; r < 7; r++) {
            System.arraycopy(r % 2 == 0 ? row1 : row2, 0, expected, 7 * r, 7);
        }
        assertValues(big, DType.FLOAT64, new int[] {7, 7}, expected);
    }

    @Test
    void padOfEmptyAndScalarTensors() {
        Tensor empty = Tensor.zeros(0);
        assertValues(empty.pad(new int[] {2}, new int[] {1}, PadMode.CONSTANT, 3), DType.FLOAT32, new int[] {3},
                3, 3, 3);
        assertThat(empty.pad(new int[] {0}, new int[] {0}, PadMode.REFLECT).shape()).isEqualTo(Shape.of(0));
        Tensor rows = Tensor.zeros(0, 2);
        assertThat(rows.pad(new int[] {0, 1}, new int[] {0, 1}, PadMode.PERIODIC).shape())
                .isEqualTo(Shape.of(0, 4));
        Tensor s = Tensor.scalar(2, DType.FLOAT64);
        assertValues(s.pad(new int[0], new int[0], PadMode.EDGE), DType.FLOAT64, new int[] {}, 2);
    }

    @Test
    void padErrors() {
        Tensor m = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> m.pad(new int[] {1}, new int[] {1}, PadMode.CONSTANT))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("pad")
                .hasMessageContaining("(2, 3)").hasMessageContaining("[1]");
        assertThatThrownBy(() -> m.pad(new int[] {0, -1}, new int[] {0, 0}, PadMode.EDGE))
                .isInstanceOf(OpException.class).hasMessageContaining("pad").hasMessageContaining("negative")
                .hasMessageContaining("[0, -1]");
        for (PadMode mode : List.of(PadMode.PERIODIC, PadMode.EDGE, PadMode.REFLECT, PadMode.SYMMETRIC)) {
            assertThatThrownBy(() -> Tensor.zeros(2, 0).pad(new int[] {0, 1}, new int[] {0, 0}, mode))
                    .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("pad")
                    .hasMessageContaining("(2, 0)").hasMessageContaining(mode.toString());
        }
    }

    // ---- shift ---------------------------------------------------------------------------------------------

    private static void assertShift(PadMode mode, int offset, double... expected) {
        for (DType dtype : DType.values()) {
            Tensor x = t(dtype, new double[] {1, 2, 3, 4});
            assertThat(x.shift(0, offset, mode).toDoubleArray()).as("%s %s %d", dtype, mode, offset)
                    .containsExactly(expected);
            assertThat(x.shift(0, offset, mode).shape()).isEqualTo(Shape.of(4));
        }
    }

    @Test
    void shiftPeriodicRolls() {
        assertShift(PadMode.PERIODIC, 1, 4, 1, 2, 3);
        assertShift(PadMode.PERIODIC, -1, 2, 3, 4, 1);
        assertShift(PadMode.PERIODIC, 5, 4, 1, 2, 3);
        assertShift(PadMode.PERIODIC, -6, 3, 4, 1, 2);
        assertShift(PadMode.PERIODIC, 4, 1, 2, 3, 4);
        assertShift(PadMode.PERIODIC, Integer.MIN_VALUE, 1, 2, 3, 4);
    }

    @Test
    void shiftConstantReadsZero() {
        assertShift(PadMode.CONSTANT, 1, 0, 1, 2, 3);
        assertShift(PadMode.CONSTANT, -2, 3, 4, 0, 0);
        assertShift(PadMode.CONSTANT, 10, 0, 0, 0, 0);
        assertShift(PadMode.CONSTANT, Integer.MIN_VALUE, 0, 0, 0, 0);
    }

    @Test
    void shiftEdgeReflectSymmetric() {
        assertShift(PadMode.EDGE, 1, 1, 1, 2, 3);
        assertShift(PadMode.EDGE, 2, 1, 1, 1, 2);
        assertShift(PadMode.EDGE, -1, 2, 3, 4, 4);
        assertShift(PadMode.EDGE, 7, 1, 1, 1, 1);
        assertShift(PadMode.EDGE, -9, 4, 4, 4, 4);
        assertShift(PadMode.REFLECT, 1, 2, 1, 2, 3);
        assertShift(PadMode.REFLECT, 2, 3, 2, 1, 2);
        assertShift(PadMode.REFLECT, -1, 2, 3, 4, 3);
        assertShift(PadMode.REFLECT, -2, 3, 4, 3, 2);
        assertShift(PadMode.REFLECT, 7, 2, 1, 2, 3);
        assertShift(PadMode.REFLECT, -9, 4, 3, 2, 1);
        assertShift(PadMode.SYMMETRIC, 1, 1, 1, 2, 3);
        assertShift(PadMode.SYMMETRIC, 2, 2, 1, 1, 2);
        assertShift(PadMode.SYMMETRIC, -1, 2, 3, 4, 4);
        assertShift(PadMode.SYMMETRIC, -2, 3, 4, 4, 3);
        assertShift(PadMode.SYMMETRIC, 7, 2, 3, 4, 4);
        assertShift(PadMode.SYMMETRIC, -9, 2, 3, 4, 4);
    }

    @Test
    void shiftByZeroKeepsValues() {
        for (PadMode mode : PadMode.values()) {
            assertShift(mode, 0, 1, 2, 3, 4);
        }
    }

    @Test
    void shiftAlongOneAxisOfAMatrix() {
        for (DType dtype : FLOATS) {
            Tensor m = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertValues(m.shift(1, 1, PadMode.PERIODIC), dtype, new int[] {2, 3}, 3, 1, 2, 6, 4, 5);
            assertValues(m.shift(-1, -1, PadMode.EDGE), dtype, new int[] {2, 3}, 2, 3, 3, 5, 6, 6);
            assertValues(m.shift(0, 1, PadMode.CONSTANT), dtype, new int[] {2, 3}, 0, 0, 0, 1, 2, 3);
            assertValues(m.shift(0, -1, PadMode.REFLECT), dtype, new int[] {2, 3}, 4, 5, 6, 1, 2, 3);
        }
        Tensor single = Tensor.of(new double[] {7});
        for (PadMode mode : List.of(PadMode.PERIODIC, PadMode.EDGE, PadMode.REFLECT, PadMode.SYMMETRIC)) {
            assertThat(single.shift(0, 3, mode).toDoubleArray()).as("%s", mode).containsExactly(7);
        }
        assertThat(Tensor.zeros(2, 0).shift(1, 2, PadMode.REFLECT).shape()).isEqualTo(Shape.of(2, 0));
    }

    @Test
    void shiftErrors() {
        assertThatThrownBy(() -> Tensor.zeros(3).shift(1, 1, PadMode.PERIODIC))
                .isInstanceOf(OpException.AxisException.class).hasMessageContaining("shift")
                .hasMessageContaining("axis 1");
    }
}
