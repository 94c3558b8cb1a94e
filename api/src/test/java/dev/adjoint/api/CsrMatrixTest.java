package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The CSR matrix: construction, conversion, transpose, matvec against hand-computed values, and errors. */
class CsrMatrixTest {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    /**
     * The 3 x 4 matrix {@code [[2, 0, 4, 0], [0, 0, 0, 5], [0, -0.5, 0, 0]]} from unsorted triplets with
     * duplicates: (0,2) = 1 + 3 and (2,1) = -1 + 0.5.
     */
    private static CsrMatrix sample(DType dtype) {
        return CsrMatrix.fromTriplets(3, 4, new int[] {0, 0, 1, 0, 2, 2}, new int[] {2, 0, 3, 2, 1, 1},
                new double[] {1, 2, 5, 3, -1, 0.5}, dtype);
    }

    private static Tensor vec(DType dtype, double... v) {
        return Tensor.of(v).cast(dtype);
    }

    @Test
    void fromTripletsSumsDuplicatesAndSortsColumns() {
        for (DType dtype : FLOATS) {
            CsrMatrix a = sample(dtype);
            assertThat(a.rows()).isEqualTo(3);
            assertThat(a.cols()).isEqualTo(4);
            assertThat(a.nnz()).isEqualTo(4);
            assertThat(a.dtype()).isEqualTo(dtype);
            assertThat(a.rowOffsets().dtype()).isEqualTo(DType.INT32);
            assertThat(a.rowOffsets().toIntArray()).containsExactly(0, 2, 3, 4);
            assertThat(a.columns().toIntArray()).containsExactly(0, 2, 3, 1);
            assertThat(a.rowIndices().toIntArray()).containsExactly(0, 0, 1, 2);
            assertThat(a.values().toDoubleArray()).containsExactly(2, 4, 5, -0.5);
            assertThat(a.toString()).contains("3 x 4").contains("nnz=4").contains(dtype.label());
        }
    }

    @Test
    void toDenseScattersTheEntries() {
        for (DType dtype : FLOATS) {
            Tensor d = sample(dtype).toDense();
            assertThat(d.shape()).isEqualTo(Shape.of(3, 4));
            assertThat(d.dtype()).isEqualTo(dtype);
            assertThat(d.toDoubleArray()).containsExactly(2, 0, 4, 0, 0, 0, 0, 5, 0, -0.5, 0, 0);
        }
    }

    @Test
    void fromDenseKeepsTheNonzerosAndRoundTrips() {
        for (DType dtype : FLOATS) {
            Tensor dense = Tensor.of(new double[] {1, 0, 2, 0, 0, 3, 4, 5, 0}, 3, 3).cast(dtype);
            CsrMatrix a = CsrMatrix.fromDense(dense);
            assertThat(a.rowOffsets().toIntArray()).containsExactly(0, 2, 3, 5);
            assertThat(a.columns().toIntArray()).containsExactly(0, 2, 2, 0, 1);
            assertThat(a.values().toDoubleArray()).containsExactly(1, 2, 3, 4, 5);
            assertThat(a.values().dtype()).isEqualTo(dtype);
            assertThat(a.toDense().toDoubleArray()).containsExactly(1, 0, 2, 0, 0, 3, 4, 5, 0);
            assertThat(a.diagonal().toDoubleArray()).containsExactly(1, 0, 0);
        }
    }

    @Test
    void transposeMovesEveryEntry() {
        for (DType dtype : FLOATS) {
            CsrMatrix t = sample(dtype).transpose();
            assertThat(t.rows()).isEqualTo(4);
            assertThat(t.cols()).isEqualTo(3);
            assertThat(t.rowOffsets().toIntArray()).containsExactly(0, 1, 2, 3, 4);
            assertThat(t.columns().toIntArray()).containsExactly(0, 2, 0, 1);
            assertThat(t.values().toDoubleArray()).containsExactly(2, -0.5, 4, 5);
            assertThat(t.toDense().toDoubleArray()).containsExactly(2, 0, 0, 0, 0, -0.5, 4, 0, 0, 0, 5, 0);
        }
    }

    @Test
    void transposeOfAFullerMatrixKeepsColumnsSorted() {
        // [[1, 2, 0], [3, 0, 4], [5, 6, 7]] -> transpose [[1, 3, 5], [2, 0, 6], [0, 4, 7]]
        CsrMatrix a = CsrMatrix.fromTriplets(3, 3, new int[] {2, 0, 1, 2, 0, 1, 2}, new int[] {2, 1, 2, 0, 0, 0, 1},
                new double[] {7, 2, 4, 5, 1, 3, 6}, DType.FLOAT64);
        CsrMatrix t = a.transpose();
        assertThat(t.rowOffsets().toIntArray()).containsExactly(0, 3, 5, 7);
        assertThat(t.columns().toIntArray()).containsExactly(0, 1, 2, 0, 2, 1, 2);
        assertThat(t.values().toDoubleArray()).containsExactly(1, 3, 5, 2, 6, 4, 7);
        assertThat(t.transpose().toDense().toDoubleArray()).containsExactly(1, 2, 0, 3, 0, 4, 5, 6, 7);
        assertThat(a.diagonal().toDoubleArray()).containsExactly(1, 0, 7);
    }

    @Test
    void matvecMatchesTheDenseProduct() {
        for (DType dtype : FLOATS) {
            // [[2, 0, 4, 0], [0, 0, 0, 5], [0, -0.5, 0, 0]] . [1, 2, 3, 4] = [14, 20, -1]
            Tensor y = sample(dtype).matvec(vec(dtype, 1, 2, 3, 4));
            assertThat(y.shape()).isEqualTo(Shape.of(3));
            assertThat(y.dtype()).isEqualTo(dtype);
            assertThat(y.toDoubleArray()).containsExactly(14, 20, -1);
            // A^T [1, -1, 2] = [2 * 1, -0.5 * 2, 4 * 1, 5 * -1]
            Tensor z = sample(dtype).transpose().matvec(vec(dtype, 1, -1, 2));
            assertThat(z.toDoubleArray()).containsExactly(2, -1, 4, -5);
        }
    }

    @Test
    void asOperatorTakesTheValuesAsItsParameter() {
        CsrMatrix a = sample(DType.FLOAT64);
        LinearOperator op = a.asOperator();
        Tensor doubled = vec(DType.FLOAT64, 4, 8, 10, -1);
        assertThat(op.apply(vec(DType.FLOAT64, 1, 2, 3, 4), new Tensor[] {doubled}).toDoubleArray())
                .containsExactly(28, 40, -2);
        assertThatThrownBy(() -> op.apply(vec(DType.FLOAT64, 1, 2, 3, 4), new Tensor[0]))
                .isInstanceOf(OpException.class)
                .hasMessageContaining("CsrMatrix.asOperator")
                .hasMessageContaining("(4,)");
    }

    @Test
    void anEmptyPatternMultipliesToZeros() {
        CsrMatrix a = CsrMatrix.fromTriplets(2, 3, new int[0], new int[0], new double[0], DType.FLOAT64);
        assertThat(a.nnz()).isZero();
        assertThat(a.rowOffsets().toIntArray()).containsExactly(0, 0, 0);
        assertThat(a.matvec(vec(DType.FLOAT64, 1, 2, 3)).toDoubleArray()).containsExactly(0, 0);
        assertThat(a.toDense().toDoubleArray()).containsExactly(0, 0, 0, 0, 0, 0);
        assertThat(a.transpose().rowOffsets().toIntArray()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void ofValidatesAndAcceptsCanonicalArrays() {
        CsrMatrix a = CsrMatrix.of(2, 2, Tensor.of(new int[] {0, 1, 3}), Tensor.of(new int[] {1, 0, 1}),
                Tensor.of(new double[] {3, 4, 5}));
        assertThat(a.toDense().toDoubleArray()).containsExactly(0, 3, 4, 5);
        assertThatThrownBy(() -> CsrMatrix.of(2, 2, Tensor.of(new int[] {0, 2, 3}), Tensor.of(new int[] {1, 0, 1}),
                Tensor.of(new double[] {3, 4, 5})))
                .isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("CsrMatrix.of")
                .hasMessageContaining("row 0")
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> CsrMatrix.of(2, 2, Tensor.of(new int[] {0, 1, 3}), Tensor.of(new int[] {1, 0, 2}),
                Tensor.of(new double[] {3, 4, 5})))
                .isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("column index 2")
                .hasMessageContaining("[0, 2)");
        assertThatThrownBy(() -> CsrMatrix.of(2, 2, Tensor.of(new int[] {0, 1, 2}), Tensor.of(new int[] {1, 0, 1}),
                Tensor.of(new double[] {3, 4, 5})))
                .isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("nnz = 3");
        assertThatThrownBy(() -> CsrMatrix.of(2, 2, Tensor.of(new int[] {0, 3}), Tensor.of(new int[] {1, 0, 1}),
                Tensor.of(new double[] {3, 4, 5})))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(2,)")
                .hasMessageContaining("(3,)");
        assertThatThrownBy(() -> CsrMatrix.of(2, 2, Tensor.of(new int[] {0, 1, 3}), Tensor.of(new int[] {1, 0, 1}),
                Tensor.of(new int[] {3, 4, 5})))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("int32");
    }

    @Test
    void fromTripletsRejectsBadInput() {
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, new int[] {0, 1, 2}, new int[] {0, 1},
                new double[] {1, 2, 3}, DType.FLOAT64))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("CsrMatrix.fromTriplets")
                .hasMessageContaining("3 row indices, 2 column indices and 3 values");
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, new int[] {0, 3}, new int[] {0, 0},
                new double[] {1, 2}, DType.FLOAT64))
                .isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("triplet 1")
                .hasMessageContaining("(3, 0)")
                .hasMessageContaining("3 x 4");
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, new int[] {0}, new int[] {-1},
                new double[] {1}, DType.FLOAT64))
                .isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("(0, -1)");
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(3, 4, new int[] {0}, new int[] {0}, new double[] {1},
                DType.INT32))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("int32");
        assertThatThrownBy(() -> CsrMatrix.fromTriplets(-1, 4, new int[0], new int[0], new double[0],
                DType.FLOAT64))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("-1 x 4");
    }

    @Test
    void matvecAndFriendsNameTheirShapes() {
        CsrMatrix a = sample(DType.FLOAT64);
        assertThatThrownBy(() -> a.matvec(vec(DType.FLOAT64, 1, 2, 3)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("CsrMatrix.matvec")
                .hasMessageContaining("3 x 4")
                .hasMessageContaining("(3,)")
                .hasMessageContaining("(4,)");
        assertThatThrownBy(() -> a.matvec(vec(DType.FLOAT32, 1, 2, 3, 4)))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("float64")
                .hasMessageContaining("float32");
        assertThatThrownBy(() -> a.withValues(vec(DType.FLOAT64, 1, 2, 3)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("CsrMatrix.withValues")
                .hasMessageContaining("(3,)")
                .hasMessageContaining("(4,)");
        assertThatThrownBy(() -> CsrMatrix.fromDense(vec(DType.FLOAT64, 1, 2)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("CsrMatrix.fromDense")
                .hasMessageContaining("(2,)");
        assertThatThrownBy(() -> CsrMatrix.fromDense(Tensor.of(new int[] {1, 2}, 1, 2)))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("int32");
    }

    @Test
    void withValuesKeepsThePattern() {
        CsrMatrix a = sample(DType.FLOAT64).withValues(vec(DType.FLOAT64, 1, 1, 1, 1));
        assertThat(a.toDense().toDoubleArray()).containsExactly(1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0);
    }

    // ---- gradients (through the ops' own rules) ---------------------------------------------------------

    @Test
    void matvecIsDifferentiableInValuesAndVector() {
        CsrMatrix a = sample(DType.FLOAT64);
        Tensor x = vec(DType.FLOAT64, 1, 2, 3, 4);
        Tensor w = vec(DType.FLOAT64, 1, -2, 3);
        // d<w, A x>/d values[k] = w[row k] * x[col k]; d/dx = A^T w
        Tensor gv = Autodiff.vjp(v -> a.withValues(v).matvec(x), a.values(), w);
        assertThat(gv.toDoubleArray()).containsExactly(1 * 1, 1 * 3, -2 * 4, 3 * 2);
        Tensor gx = Autodiff.vjp(a::matvec, x, w);
        assertThat(gx.toDoubleArray()).containsExactly(2, -1.5, 4, -10);
    }

    @Test
    void fromDenseAndToDenseAreDifferentiable() {
        Tensor dense = Tensor.of(new double[] {1, 0, 2, 0, 0, 3}, 2, 3);
        Tensor seed = Tensor.of(new double[] {5, 6, 7});
        Tensor g = Autodiff.vjp(d -> CsrMatrix.fromDense(d).values(), dense, seed);
        assertThat(g.toDoubleArray()).containsExactly(5, 0, 6, 0, 0, 7);
        Tensor cot = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        CsrMatrix a = CsrMatrix.fromDense(dense);
        Tensor gv = Autodiff.vjp(v -> a.withValues(v).toDense(), a.values(), cot);
        assertThat(gv.toDoubleArray()).containsExactly(1, 3, 6);
        Tensor gt = Autodiff.vjp(v -> a.withValues(v).transpose().values(), a.values(), Tensor.of(new double[] {10, 20, 30}));
        // the transpose's entries in CSR order are (0,0), (2,0), (2,1): the original entries 0, 1, 2
        assertThat(gt.toDoubleArray()).containsExactly(10, 20, 30);
        Tensor gd = Autodiff.vjp(v -> a.withValues(v).diagonal(), a.values(), Tensor.of(new double[] {7, 8}));
        assertThat(gd.toDoubleArray()).containsExactly(7, 0, 0);
        assertThat(CsrMatrix.fromDense(dense).diagonal().get(1)).isCloseTo(0, within(0.0));
    }
}
