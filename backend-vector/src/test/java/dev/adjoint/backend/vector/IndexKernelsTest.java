package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.REFERENCE;
import static dev.adjoint.backend.vector.ReferenceOracle.VECTOR;
import static dev.adjoint.backend.vector.ReferenceOracle.indices;
import static dev.adjoint.backend.vector.ReferenceOracle.on;
import static dev.adjoint.backend.vector.ReferenceOracle.onVector;
import static dev.adjoint.backend.vector.ReferenceOracle.random;
import static dev.adjoint.backend.vector.ReferenceOracle.sameAsReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.HeapStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector backend's gather and scatter-add equal the reference backend's exactly, including the order in
 * which scatter-add sums repeated indices, on every pool size.
 */
class IndexKernelsTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void gathersAlongEveryAxis(DType dtype) {
        int[] shape = {5, 7, 3};
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            int[] idx = indices(100 + axis, 11, shape[axis]);
            sameAsReference(b -> random(b, dtype, 1, shape).gather(a, on(b, idx, idx.length)));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gathersOddAndLargeSizes(DType dtype) {
        // the last axis uses SIMD gathers: counts below, at and above the vector length
        for (int count : new int[] {1, 3, 8, 17, 61}) {
            int[] idx = indices(count, count, 29);
            sameAsReference(b -> random(b, dtype, 2, 13, 29).gather(1, on(b, idx, count)));
        }
        int[] big = indices(3, 3001, 997);
        sameAsReference(b -> random(b, dtype, 4, 997, 37).gather(0, on(b, big, big.length)));
        sameAsReference(b -> random(b, dtype, 5, 41, 997).gather(1, on(b, big, big.length)));
        sameAsReference(b -> random(b, dtype, 6, 4, 0).gather(0, on(b, new int[] {3, 0}, 2)));
        sameAsReference(b -> random(b, dtype, 7, 4, 6).gather(1, on(b, new int[0], 0)));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void scatterAddsRepeatedIndicesInIndexOrder(DType dtype) {
        int[] shape = {6, 9, 5};
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            int[] idx = indices(200 + axis, shape[axis], 4);
            sameAsReference(b -> random(b, dtype, 8, shape).scatterAdd(a, on(b, idx, idx.length), 7));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void scatterAddsLargeAndDegenerateShapes(DType dtype) {
        // one long 1-D segment sum: the output axis is split across tasks
        int[] seg = indices(9, 100_003, 1009);
        sameAsReference(b -> random(b, dtype, 10, 100_003).scatterAdd(0, on(b, seg, seg.length), 1013));
        // particle-style [edges, channels] sums with few and with many channels
        int[] edges = indices(11, 20_011, 3001);
        sameAsReference(b -> random(b, dtype, 12, 20_011, 3).scatterAdd(0, on(b, edges, edges.length), 3001));
        int[] rows = indices(13, 301, 77);
        sameAsReference(b -> random(b, dtype, 14, 301, 4099).scatterAdd(0, on(b, rows, rows.length), 77));
        sameAsReference(b -> random(b, dtype, 15, 3, 0).scatterAdd(1, on(b, new int[0], 0), 4));
        sameAsReference(b -> random(b, dtype, 16, 3, 2).scatterAdd(1, on(b, new int[] {1, 1}, 2), 2));
        sameAsReference(b -> random(b, dtype, 17, 0, 2).scatterAdd(1, on(b, new int[] {0, 0}, 2), 5));
    }

    @Test
    void scatterAddMatchesHandComputedSums() {
        Tensor out = onVector(b -> on(b, new double[] {1, 2, 3, 4, 5, 6}, 3, 2)
                .scatterAdd(0, on(b, new int[] {2, 0, 2}, 3), 4));
        assertThat(out.toDoubleArray()).containsExactly(3, 4, 0, 0, 6, 8, 0, 0);
        Tensor ints = onVector(b -> on(b, new int[] {Integer.MAX_VALUE, 1, 7}, 3)
                .scatterAdd(0, on(b, new int[] {0, 0, 1}, 3), 2));
        assertThat(ints.toIntArray()).containsExactly(Integer.MIN_VALUE, 7);
        Tensor gathered = onVector(b -> on(b, new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .gather(1, on(b, new int[] {2, 2, 0}, 3)));
        assertThat(gathered.toFloatArray()).containsExactly(3, 3, 1, 6, 6, 4);
    }

    @Test
    void float32ScatterAddSumsInDoubleAndRoundsOnce() {
        // 1 + 2^-24 + 2^-24 is 1 + 2^-23 in double, but stays 1 if each float sum is rounded
        float tiny = (float) Math.pow(2, -24);
        Tensor out = onVector(b -> on(b, new float[] {1, tiny, tiny}, 3).scatterAdd(0, on(b, new int[] {0, 0, 0}, 3), 1));
        assertThat(out.toFloatArray()).containsExactly(1 + 2 * tiny);
    }

    @Test
    void indexErrorsNameTheIndexAndItsPosition() {
        HeapStorage x = HeapStorage.of(new float[12]);
        HeapStorage bad = HeapStorage.of(new int[] {0, 3, -1, 9});
        assertThatThrownBy(() -> IndexKernels.gather(x, Shape.of(3, 4), 0, bad, 4))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("index 3 at position 1 is outside [0, 3)");
        assertThatThrownBy(() -> IndexKernels.scatterAdd(x, Shape.of(4, 3), 0, bad, 2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("index 3 at position 1 is outside [0, 2)");
        assertThatThrownBy(() -> IndexKernels.gather(x, Shape.of(12), 0, HeapStorage.of(new int[] {-4}), 1))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("index -4 at position 0 is outside [0, 12)");
    }

    @Test
    void indexErrorsReachTheApiLikeTheReferencesDo() {
        int[] idx = {1, 5, 2};
        Throwable expected = catchThrowable(() -> random(REFERENCE, DType.FLOAT32, 18, 4, 3)
                .gather(0, on(REFERENCE, idx, 3)));
        Throwable actual = catchThrowable(() -> onVector(b -> random(b, DType.FLOAT32, 18, 4, 3)
                .gather(0, on(b, idx, 3))));
        assertThat(actual).isInstanceOf(OpException.IndexException.class).hasMessage(expected.getMessage())
                .hasMessageContaining("gather").hasMessageContaining("index 5 at position 1");
        expected = catchThrowable(() -> random(REFERENCE, DType.FLOAT64, 19, 3, 2).scatterAdd(0,
                on(REFERENCE, idx, 3), 2));
        actual = catchThrowable(() -> random(VECTOR, DType.FLOAT64, 19, 3, 2).scatterAdd(0, on(VECTOR, idx, 3), 2));
        assertThat(actual).isInstanceOf(OpException.IndexException.class).hasMessage(expected.getMessage())
                .hasMessageContaining("scatterAdd").hasMessageContaining("index 5 at position 1");
    }
}
