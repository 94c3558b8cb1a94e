package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.Storage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Gather and scatter-add along an axis against hand-computed values, their adjointness, and their errors. */
class IndexingTest {
    private static Tensor t(DType dtype, double[] data, int... shape) {
        return Tensor.of(data, shape).cast(dtype);
    }

    private static Tensor idx(int... indices) {
        return Tensor.of(indices);
    }

    private static void assertValues(Tensor actual, DType dtype, int[] shape, double... expected) {
        assertThat(actual.dtype()).isEqualTo(dtype);
        assertThat(actual.shape()).isEqualTo(Shape.of(shape));
        assertThat(actual.toDoubleArray()).as("%s %s", dtype, actual.shape()).containsExactly(expected);
    }

    // ---- gather ----------------------------------------------------------------------------------------

    @Test
    void gatherAlongAxis0WithRepeatedIndices() {
        for (DType dtype : DType.values()) {
            Tensor m = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
            assertValues(m.gather(0, idx(2, 0, 2)), dtype, new int[] {3, 2}, 5, 6, 1, 2, 5, 6);
            assertValues(m.gather(0, idx(1)), dtype, new int[] {1, 2}, 3, 4);
            Tensor v = t(dtype, new double[] {10, 20, 30});
            assertValues(v.gather(0, idx(1, 1, 1, 0)), dtype, new int[] {4}, 20, 20, 20, 10);
        }
    }

    @Test
    void gatherAlongInnerAxes() {
        for (DType dtype : DType.values()) {
            Tensor m = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertValues(m.gather(1, idx(2, 2, 0, 1)), dtype, new int[] {2, 4}, 3, 3, 1, 2, 6, 6, 4, 5);
            assertValues(m.gather(-1, idx(0)), dtype, new int[] {2, 1}, 1, 4);
            // x[i, j, k] = 12i + 4j + k gathered at j = 2, 0
            double[] c = new double[24];
            for (int i = 0; i < 24; i++) {
                c[i] = i;
            }
            Tensor x = t(dtype, c, 2, 3, 4);
            assertValues(x.gather(1, idx(2, 0)), dtype, new int[] {2, 2, 4}, 8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22,
                    23, 12, 13, 14, 15);
            assertValues(x.gather(2, idx(3, 0)), dtype, new int[] {2, 3, 2}, 3, 0, 7, 4, 11, 8, 15, 12, 19, 16, 23,
                    20);
        }
    }

    @Test
    void gatherWithEmptyIndexListOrEmptyTensor() {
        for (DType dtype : DType.values()) {
            Tensor m = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertValues(m.gather(1, idx()), dtype, new int[] {2, 0});
            assertValues(m.gather(0, idx()), dtype, new int[] {0, 3});
            assertValues(t(dtype, new double[0], 0, 3).gather(1, idx(2, 0)), dtype, new int[] {0, 2});
        }
    }

    // ---- scatterAdd ------------------------------------------------------------------------------------

    @Test
    void scatterAddSumsDuplicates() {
        for (DType dtype : DType.values()) {
            Tensor v = t(dtype, new double[] {1, 2, 3, 4});
            // out[1] = 1 + 3, out[0] = 2, out[3] = 4
            assertValues(v.scatterAdd(0, idx(1, 0, 1, 3), 5), dtype, new int[] {5}, 2, 4, 0, 4, 0);
            assertValues(v.scatterAdd(0, idx(0, 0, 0, 0), 1), dtype, new int[] {1}, 10);
            Tensor m = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertValues(m.scatterAdd(1, idx(0, 0, 2), 3), dtype, new int[] {2, 3}, 3, 0, 3, 9, 0, 6);
            assertValues(m.scatterAdd(-1, idx(1, 1, 1), 2), dtype, new int[] {2, 2}, 0, 6, 0, 15);
            assertValues(m.scatterAdd(0, idx(1, 1), 3), dtype, new int[] {3, 3}, 0, 0, 0, 5, 7, 9, 0, 0, 0);
        }
    }

    @Test
    void scatterAddOfEmptyInputsGivesZeros() {
        for (DType dtype : DType.values()) {
            assertValues(t(dtype, new double[0]).scatterAdd(0, idx(), 3), dtype, new int[] {3}, 0, 0, 0);
            assertValues(t(dtype, new double[0], 2, 0).scatterAdd(1, idx(), 2), dtype, new int[] {2, 2}, 0, 0, 0, 0);
            assertValues(t(dtype, new double[0], 0, 2).scatterAdd(1, idx(1, 0), 3), dtype, new int[] {0, 3});
            assertValues(t(dtype, new double[0]).scatterAdd(0, idx(), 0), dtype, new int[] {0});
        }
    }

    @Test
    void scatterAddIsDeterministic() {
        Random rnd = new Random(7);
        float[] data = new float[1000];
        int[] index = new int[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian() * 1e4f;
            index[i] = rnd.nextInt(3);
        }
        Tensor src = Tensor.of(data);
        float[] first = src.scatterAdd(0, Tensor.of(index), 3).toFloatArray();
        for (int run = 0; run < 3; run++) {
            assertThat(src.scatterAdd(0, Tensor.of(index), 3).toFloatArray()).containsExactly(first);
        }
    }

    /** {@code <gather(x), y> == <x, scatterAdd(y)>} on random data, every axis of a rank-3 tensor. */
    @Test
    void gatherAndScatterAddAreAdjoint() {
        Random rnd = new Random(42);
        int[] dims = {4, 5, 3};
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int axis = 0; axis < 3; axis++) {
                int n = dims[axis];
                int count = 7;
                int[] index = new int[count];
                for (int j = 0; j < count; j++) {
                    index[j] = rnd.nextInt(n);
                }
                int[] ydims = dims.clone();
                ydims[axis] = count;
                Tensor x = t(dtype, random(rnd, 60), dims);
                Tensor y = t(dtype, random(rnd, 60 / n * count), ydims);
                double lhs = dot(x.gather(axis, Tensor.of(index)), y);
                double rhs = dot(x, y.scatterAdd(axis, Tensor.of(index), n));
                double tol = dtype == DType.FLOAT32 ? 1e-4 : 1e-12;
                assertThat(lhs).as("%s axis %d", dtype, axis).isCloseTo(rhs, within(tol * Math.abs(lhs) + tol));
            }
        }
    }

    private static double[] random(Random rnd, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rnd.nextGaussian();
        }
        return d;
    }

    private static double dot(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    // ---- errors -----------------------------------------------------------------------------------------

    @Test
    void gatherErrors() {
        Tensor m = Tensor.zeros(3, 2);
        assertThatThrownBy(() -> m.gather(0, idx(1, 7, 0))).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("gather").hasMessageContaining("index 7").hasMessageContaining("position 1")
                .hasMessageContaining("axis 0").hasMessageContaining("(3, 2)");
        assertThatThrownBy(() -> m.gather(1, idx(0, 1, -1))).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("gather").hasMessageContaining("index -1").hasMessageContaining("position 2")
                .hasMessageContaining("axis 1").hasMessageContaining("[0, 2)");
        assertThatThrownBy(() -> m.gather(0, Tensor.of(new float[] {0}))).isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("gather").hasMessageContaining("float32").hasMessageContaining("int32");
        assertThatThrownBy(() -> m.gather(0, Tensor.of(new int[] {0, 1}, 1, 2)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("gather")
                .hasMessageContaining("(1, 2)").hasMessageContaining("1-D");
        assertThatThrownBy(() -> m.gather(2, idx(0))).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("gather").hasMessageContaining("axis 2");
        assertThatThrownBy(() -> Tensor.zeros(0, 2).gather(1, idx(2))).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("index 2");
    }

    @Test
    void referenceKernelsThrowIndexOutOfBoundsNamingIndexAndPosition() {
        Backend b = Backends.byName("reference");
        Shape shape = Shape.of(2, 3);
        Storage x = b.fromHost(new double[6]);
        assertThatThrownBy(() -> b.gather(x, shape, 1, b.fromHost(new int[] {0, -1}), 2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index -1")
                .hasMessageContaining("position 1");
        assertThatThrownBy(() -> b.scatterAdd(x, shape, 1, b.fromHost(new int[] {0, 1, -2}), 5))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index -2")
                .hasMessageContaining("position 2");
        assertThatThrownBy(() -> b.scatterAdd(x, shape, 0, b.fromHost(new int[] {1, 3}), 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index 3")
                .hasMessageContaining("position 1");
    }

    @Test
    void scatterAddErrors() {
        Tensor m = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> m.scatterAdd(1, idx(0, 1), 4)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("scatterAdd").hasMessageContaining("(2,)").hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> m.scatterAdd(1, idx(0, 4, 1), 4)).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("scatterAdd").hasMessageContaining("index 4").hasMessageContaining("position 1")
                .hasMessageContaining("axis 1").hasMessageContaining("size 4");
        assertThatThrownBy(() -> m.scatterAdd(0, idx(-1, 0), 2)).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("index -1").hasMessageContaining("position 0");
        assertThatThrownBy(() -> m.scatterAdd(0, idx(0, 0), -1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("scatterAdd").hasMessageContaining("-1");
        assertThatThrownBy(() -> m.scatterAdd(0, Tensor.of(new double[] {0, 1}), 2))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("float64");
        assertThatThrownBy(() -> m.scatterAdd(-3, idx(0, 1), 2)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("scatterAdd");
    }
}
