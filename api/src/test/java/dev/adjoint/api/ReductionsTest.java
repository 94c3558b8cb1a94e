package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.spi.ReduceOp;
import org.junit.jupiter.api.Test;

/** Sum, prod, max, min, argmax, argmin and mean over axis sets, against hand-computed values. */
class ReductionsTest {
    private static final double NAN = Double.NaN;

    /** 0, 1, ..., 23 as a (2, 3, 4) tensor: x[i, j, k] = 12i + 4j + k. */
    private static Tensor cube(DType dtype) {
        double[] d = new double[24];
        for (int i = 0; i < 24; i++) {
            d[i] = i;
        }
        return Tensor.of(d, 2, 3, 4).cast(dtype);
    }

    @Test
    void sumOverAllAxesAndAxisSubsets() {
        for (DType dtype : DType.values()) {
            Tensor x = cube(dtype);
            Tensor all = x.sum();
            assertThat(all.shape()).isEqualTo(Shape.scalar());
            assertThat(all.dtype()).isEqualTo(dtype);
            assertThat(all.item()).isEqualTo(276.0);
            // sum over i and k of 12i + 4j + k = 32j + 60
            Tensor outer = x.sum(0, 2);
            assertThat(outer.shape()).isEqualTo(Shape.of(3));
            assertThat(outer.toDoubleArray()).as("%s", dtype).containsExactly(60, 92, 124);
            // sum over j = 36i + 12 + 3k
            assertThat(x.sum(1).toDoubleArray()).containsExactly(12, 15, 18, 21, 48, 51, 54, 57);
        }
    }

    @Test
    void negativeAxesCountFromTheEnd() {
        Tensor x = cube(DType.FLOAT32);
        Tensor rows = x.sum(-1);
        assertThat(rows.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(rows.toFloatArray()).containsExactly(6, 22, 38, 54, 70, 86);
        assertThat(x.sum(-3, -1).toFloatArray()).containsExactly(60, 92, 124);
    }

    @Test
    void keepDimsLeavesSizeOneAxes() {
        Tensor x = cube(DType.FLOAT64);
        Tensor kept = x.sum(new int[] {0, -1}, true);
        assertThat(kept.shape()).isEqualTo(Shape.of(1, 3, 1));
        assertThat(kept.toDoubleArray()).containsExactly(60, 92, 124);
        assertThat(x.sum(new int[0], true).shape()).isEqualTo(Shape.of(1, 1, 1));
        assertThat(x.max(new int[] {1}, true).shape()).isEqualTo(Shape.of(2, 1, 4));
        Tensor arg = Reductions.reduce(ReduceOp.ARGMAX, x, new int[] {1}, true);
        assertThat(arg.shape()).isEqualTo(Shape.of(2, 1, 4));
        assertThat(arg.toIntArray()).containsOnly(2);
    }

    @Test
    void prodMaxMin() {
        for (DType dtype : DType.values()) {
            Tensor m = Tensor.of(new double[] {3, -1, 2, -5, -7, 0}, 2, 3).cast(dtype);
            assertThat(m.prod(0).toDoubleArray()).as("%s", dtype).containsExactly(-15, 7, 0);
            assertThat(m.prod(1).toDoubleArray()).containsExactly(-6, 0);
            assertThat(m.max(1).toDoubleArray()).containsExactly(3, 0);
            assertThat(m.min(0).toDoubleArray()).containsExactly(-5, -7, 0);
            assertThat(m.max().item()).isEqualTo(3.0);
            assertThat(m.min().item()).isEqualTo(-7.0);
            assertThat(m.max(1).dtype()).isEqualTo(dtype);
        }
        Tensor x = cube(DType.FLOAT32);
        // max over j of 12i + 4j + k = 12i + 8 + k
        assertThat(x.max(1).toFloatArray()).containsExactly(8, 9, 10, 11, 20, 21, 22, 23);
        assertThat(x.min(0, 1).toFloatArray()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void argmaxArgminReturnTheFirstExtremeAsInt32() {
        for (DType dtype : DType.values()) {
            Tensor ties = Tensor.of(new double[] {1, 3, 3, 2}).cast(dtype);
            assertThat(ties.argmax(0).dtype()).isEqualTo(DType.INT32);
            assertThat(ties.argmax(0).shape()).isEqualTo(Shape.scalar());
            assertThat(ties.argmax(0).item()).isEqualTo(1.0);
            assertThat(Tensor.of(new double[] {2, 1, 1, 5}).cast(dtype).argmin(0).item()).isEqualTo(1.0);
            Tensor m = Tensor.of(new double[] {3, -1, 2, -5, 7, 0}, 2, 3).cast(dtype);
            assertThat(m.argmax(1).toIntArray()).containsExactly(0, 1);
            assertThat(m.argmax(-1).toIntArray()).containsExactly(0, 1);
            assertThat(m.argmin(0).toIntArray()).containsExactly(1, 0, 1);
        }
    }

    @Test
    void nanPropagatesThroughMaxMinSumAndWinsArgmaxArgmin() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(new double[] {1, NAN, 3, NAN}).cast(dtype);
            assertThat(x.max().item()).isNaN();
            assertThat(x.min().item()).isNaN();
            assertThat(x.sum().item()).isNaN();
            assertThat(x.argmax(0).item()).isEqualTo(1.0);
            assertThat(x.argmin(0).item()).isEqualTo(1.0);
            Tensor m = Tensor.of(new double[] {1, 2, NAN, 4}, 2, 2).cast(dtype);
            double[] rowMax = m.max(1).toDoubleArray();
            assertThat(rowMax[0]).isEqualTo(2.0);
            assertThat(rowMax[1]).isNaN();
        }
    }

    @Test
    void float32SumsAccumulateInDouble() {
        // In float arithmetic 2^24 + 1 rounds back to 2^24, so a float accumulator would return 0.
        Tensor x = Tensor.of(new float[] {16777216f, 1f, 1f, -16777216f});
        assertThat(x.sum().item()).isEqualTo(2.0);
    }

    @Test
    void int32SumsAndProductsWrapLikeJavaInts() {
        assertThat(Tensor.of(new int[] {Integer.MAX_VALUE, 1}).sum().toIntArray()).containsExactly(Integer.MIN_VALUE);
        assertThat(Tensor.of(new int[] {65536, 65536, 3}).prod().toIntArray()).containsExactly(0);
        assertThat(Tensor.of(new int[] {-4, 5, 3}).prod().toIntArray()).containsExactly(-60);
    }

    @Test
    void emptyReductions() {
        Tensor empty = Tensor.zeros(0);
        assertThat(empty.sum().item()).isEqualTo(0.0);
        assertThat(empty.prod().item()).isEqualTo(1.0);
        assertThat(Tensor.zeros(DType.INT32, 0).prod().toIntArray()).containsExactly(1);
        assertThat(Tensor.zeros(0, 3).sum(0).toFloatArray()).containsExactly(0, 0, 0);
        assertThat(Tensor.zeros(0, 3).max(1).shape()).isEqualTo(Shape.of(0));
        assertThat(Tensor.zeros(0, 3).argmax(1).shape()).isEqualTo(Shape.of(0));
        assertThat(Tensor.zeros(0, 3).mean().item()).isNaN();
        assertThat(Tensor.zeros(DType.FLOAT64, 2, 0).mean(1).toDoubleArray()).containsOnly(NAN);
    }

    @Test
    void reductionsWithoutIdentityRejectEmptyAxes() {
        assertThatThrownBy(() -> Tensor.zeros(0, 3).max(0)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("max: ")
                .hasMessageContaining("zero-size array to reduction operation max which has no identity")
                .hasMessageContaining("(0, 3)");
        assertThatThrownBy(() -> Tensor.zeros(0).min()).isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("min: ");
        assertThatThrownBy(() -> Tensor.zeros(2, 0).argmax(1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("argmax: ");
        assertThatThrownBy(() -> Tensor.zeros(2, 0).argmin(-1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("argmin: ");
    }

    @Test
    void scalarsReduceToThemselves() {
        Tensor s = Tensor.scalar(5.5, DType.FLOAT64);
        assertThat(s.sum().item()).isEqualTo(5.5);
        assertThat(s.max().shape()).isEqualTo(Shape.scalar());
        assertThat(s.mean().item()).isEqualTo(5.5);
    }

    @Test
    void meanInBothFloatDTypes() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).cast(dtype);
            assertThat(m.mean().item()).isEqualTo(3.5);
            assertThat(m.mean().dtype()).isEqualTo(dtype);
            assertThat(m.mean(0).toDoubleArray()).containsExactly(2.5, 3.5, 4.5);
            Tensor kept = m.mean(new int[] {-1}, true);
            assertThat(kept.shape()).isEqualTo(Shape.of(2, 1));
            assertThat(kept.toDoubleArray()).containsExactly(2.0, 5.0);
        }
        assertThat(cube(DType.FLOAT64).mean(0, 2).toDoubleArray()).containsExactly(7.5, 11.5, 15.5);
    }

    @Test
    void meanRejectsInt32() {
        assertThatThrownBy(() -> Tensor.of(new int[] {1, 2}).mean()).isInstanceOf(OpException.DTypeException.class)
                .hasMessageStartingWith("mean: ").hasMessageContaining("int32").hasMessageContaining("(2,)");
    }

    @Test
    void badAxesAreRejectedNamingTheOp() {
        Tensor x = cube(DType.FLOAT32);
        assertThatThrownBy(() -> x.sum(3)).isInstanceOf(OpException.AxisException.class)
                .hasMessageStartingWith("sum: ").hasMessageContaining("axis 3").hasMessageContaining("rank 3");
        assertThatThrownBy(() -> x.max(-4)).isInstanceOf(OpException.AxisException.class)
                .hasMessageStartingWith("max: ");
        assertThatThrownBy(() -> x.sum(1, -2)).isInstanceOf(OpException.AxisException.class)
                .hasMessageContaining("more than once");
        assertThatThrownBy(() -> x.mean(5)).isInstanceOf(OpException.AxisException.class)
                .hasMessageStartingWith("mean: ");
        assertThatThrownBy(() -> Reductions.reduce(ReduceOp.ARGMAX, x, new int[] {0, 1}, false))
                .isInstanceOf(OpException.AxisException.class)
                .hasMessageStartingWith("argmax: ").hasMessageContaining("exactly one axis");
        assertThatThrownBy(() -> Reductions.reduce(ReduceOp.ARGMIN, x, new int[0], false))
                .isInstanceOf(OpException.AxisException.class).hasMessageStartingWith("argmin: ");
    }
}
