package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batched matmul with NumPy's promotion and broadcasting rules, transposes and errors. */
class MatmulTest {
    /** [[1, 2, 3], [4, 5, 6]]. */
    private static Tensor a(DType dtype) {
        return Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).cast(dtype);
    }

    /** [[7, 8], [9, 10], [11, 12]]. */
    private static Tensor b(DType dtype) {
        return Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2).cast(dtype);
    }

    private static Tensor vec(DType dtype, double... v) {
        return Tensor.of(v).cast(dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void matrixTimesMatrix(DType dtype) {
        Tensor c = a(dtype).matmul(b(dtype));
        assertThat(c.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(c.dtype()).isEqualTo(dtype);
        // 1*7 + 2*9 + 3*11 = 58, 1*8 + 2*10 + 3*12 = 64, 4*7 + 5*9 + 6*11 = 139, 4*8 + 5*10 + 6*12 = 154
        assertThat(c.toDoubleArray()).containsExactly(58, 64, 139, 154);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void oneDimensionalOperandsArePromotedAndTheAxisRemoved(DType dtype) {
        Tensor rowTimesMatrix = vec(dtype, 1, 2, 3).matmul(b(dtype));
        assertThat(rowTimesMatrix.shape()).isEqualTo(Shape.of(2));
        assertThat(rowTimesMatrix.toDoubleArray()).containsExactly(58, 64);
        Tensor matrixTimesColumn = a(dtype).matmul(vec(dtype, 1, 0, -1));
        assertThat(matrixTimesColumn.shape()).isEqualTo(Shape.of(2));
        assertThat(matrixTimesColumn.toDoubleArray()).containsExactly(-2, -2);
        Tensor dot = vec(dtype, 1, 2, 3).matmul(vec(dtype, 4, 5, 6));
        assertThat(dot.shape()).isEqualTo(Shape.scalar());
        assertThat(dot.item()).isEqualTo(32.0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void transposesSwapTheLastTwoAxes(DType dtype) {
        Tensor ata = Tensor.matmul(a(dtype), a(dtype), true, false);
        assertThat(ata.shape()).isEqualTo(Shape.of(3, 3));
        assertThat(ata.toDoubleArray()).containsExactly(17, 22, 27, 22, 29, 36, 27, 36, 45);
        Tensor aat = Tensor.matmul(a(dtype), a(dtype), false, true);
        assertThat(aat.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(aat.toDoubleArray()).containsExactly(14, 32, 32, 77);
        // B^T A^T = (AB)^T
        Tensor both = Tensor.matmul(b(dtype), a(dtype), true, true);
        assertThat(both.toDoubleArray()).containsExactly(58, 139, 64, 154);
        // A vector is its own transpose.
        assertThat(Tensor.matmul(vec(dtype, 1, 2, 3), b(dtype), true, false).toDoubleArray()).containsExactly(58, 64);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void batchDimensionsBroadcast(DType dtype) {
        // a[i] = (i + 1) * I (shape (2, 1, 2, 2)); b[j] = [[j, 1], [0, j]] (shape (3, 2, 2))
        Tensor x = Tensor.of(new double[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 1, 2, 2).cast(dtype);
        Tensor y = Tensor.of(new double[] {0, 1, 0, 0, 1, 1, 0, 1, 2, 1, 0, 2}, 3, 2, 2).cast(dtype);
        Tensor c = x.matmul(y);
        assertThat(c.shape()).isEqualTo(Shape.of(2, 3, 2, 2));
        double[] v = c.toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                int o = (i * 3 + j) * 4;
                assertThat(new double[] {v[o], v[o + 1], v[o + 2], v[o + 3]}).as("batch %d,%d", i, j)
                        .containsExactly((i + 1) * j, i + 1, 0, (i + 1) * j);
            }
        }
        // transposed batched operand: (2, 1, 2, 2)^T @ (3, 2, 2) gives the same here since a[i] is symmetric
        assertThat(Tensor.matmul(x, y, true, false).toDoubleArray()).containsExactly(v);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void vectorsAgainstBatches(DType dtype) {
        // b[t] = (t + 1) * B for t < 4
        double[] stacked = new double[24];
        double[] base = {7, 8, 9, 10, 11, 12};
        for (int t = 0; t < 4; t++) {
            for (int e = 0; e < 6; e++) {
                stacked[t * 6 + e] = (t + 1) * base[e];
            }
        }
        Tensor c = vec(dtype, 1, 2, 3).matmul(Tensor.of(stacked, 4, 3, 2).cast(dtype));
        assertThat(c.shape()).isEqualTo(Shape.of(4, 2));
        assertThat(c.toDoubleArray()).containsExactly(58, 64, 116, 128, 174, 192, 232, 256);
        Tensor batchA = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 2, 4, 6, 8, 10, 12}, 2, 2, 3).cast(dtype);
        Tensor d = batchA.matmul(vec(dtype, 1, 0, -1));
        assertThat(d.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(d.toDoubleArray()).containsExactly(-2, -2, -4, -4);
    }

    @Test
    void emptyDimensions() {
        Tensor zeroInner = Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 3));
        assertThat(zeroInner.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(zeroInner.toFloatArray()).containsOnly(0f);
        assertThat(Tensor.zeros(0, 3).matmul(Tensor.zeros(3, 2)).shape()).isEqualTo(Shape.of(0, 2));
        assertThat(Tensor.zeros(0, 2, 3).matmul(Tensor.zeros(3, 2)).shape()).isEqualTo(Shape.of(0, 2, 2));
    }

    @Test
    void float32ProductsAccumulateInDouble() {
        // 2^24 + 1 - 2^24 is 1 in double, 0 with a float accumulator.
        Tensor x = Tensor.of(new float[] {16777216f, 1f, -16777216f});
        Tensor ones = Tensor.of(new float[] {1f, 1f, 1f});
        assertThat(x.matmul(ones).item()).isEqualTo(1.0);
    }

    @Test
    void scalarsAreRejected() {
        assertThatThrownBy(() -> Tensor.scalar(2).matmul(a(DType.FLOAT32)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("matmul: ").hasMessageContaining("()").hasMessageContaining("(2, 3)");
    }

    @Test
    void innerDimensionMismatchNamesShapesAndSizes() {
        Tensor x = a(DType.FLOAT32);
        assertThatThrownBy(() -> x.matmul(Tensor.zeros(2, 2)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("matmul: ")
                .hasMessageContaining("(2, 3)").hasMessageContaining("(2, 2)")
                .hasMessageContaining("dimension of 3").hasMessageContaining("one of 2");
        assertThatThrownBy(() -> Tensor.matmul(x, x, false, false))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("do not align");
        assertThatThrownBy(() -> Tensor.matmul(x, Tensor.zeros(3, 2), false, true))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("transposeB=true");
        assertThatThrownBy(() -> Tensor.zeros(3).matmul(Tensor.zeros(4)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(3,)").hasMessageContaining("(4,)");
    }

    @Test
    void incompatibleBatchDimensionsFail() {
        assertThatThrownBy(() -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 2)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("matmul: ")
                .hasMessageContaining("(2,)").hasMessageContaining("(3,)")
                .hasMessageContaining("(2, 2, 3)").hasMessageContaining("(3, 3, 2)");
    }

    @Test
    void dtypesMustBeEqualAndFloating() {
        assertThatThrownBy(() -> a(DType.FLOAT32).matmul(b(DType.FLOAT64)))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageStartingWith("matmul: ").hasMessageContaining("float32").hasMessageContaining("float64");
        assertThatThrownBy(() -> a(DType.INT32).matmul(b(DType.INT32)))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageStartingWith("matmul: ").hasMessageContaining("int32");
    }
}
