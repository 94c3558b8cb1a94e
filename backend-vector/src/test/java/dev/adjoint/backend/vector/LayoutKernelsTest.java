package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.on;
import static dev.adjoint.backend.vector.ReferenceOracle.onVector;
import static dev.adjoint.backend.vector.ReferenceOracle.random;
import static dev.adjoint.backend.vector.ReferenceOracle.sameAsReference;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The vector backend's strided reads, concatenation and padding equal the reference backend's exactly. */
class LayoutKernelsTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void permutesEveryAxisOrderOfA3dTensor(DType dtype) {
        int[][] perms = {{0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] perm : perms) {
            sameAsReference(b -> random(b, dtype, 1, 5, 7, 3).permute(perm));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void transposesLargeAndOddMatricesThroughTiles(DType dtype) {
        sameAsReference(b -> random(b, dtype, 2, 257, 131).transpose(0, 1));
        sameAsReference(b -> random(b, dtype, 3, 3, 97, 33).transpose(1, 2));
        sameAsReference(b -> random(b, dtype, 4, 8, 8).transpose(0, 1));
        // a transposed slice: the contiguous axis has a negative outer stride
        sameAsReference(b -> random(b, dtype, 5, 64, 40).slice(0, 60, 3, -1).transpose(0, 1));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void slicesWithPositiveAndNegativeSteps(DType dtype) {
        sameAsReference(b -> random(b, dtype, 6, 11, 13).slice(1, 2, 12, 3));
        sameAsReference(b -> random(b, dtype, 7, 11, 13).slice(1, -1, 0, -2));
        sameAsReference(b -> random(b, dtype, 8, 11, 13).slice(0, 10, -20, -1));
        sameAsReference(b -> random(b, dtype, 9, 300, 257).slice(0, 1, 299, 2).slice(1, 5, 250));
        sameAsReference(b -> random(b, dtype, 10, 17).select(0, 16).unsqueeze(0));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void broadcastsAlongInnerMiddleAndOuterAxes(DType dtype) {
        sameAsReference(b -> random(b, dtype, 11, 5, 1).broadcastTo(5, 9));
        sameAsReference(b -> random(b, dtype, 12, 1, 9).broadcastTo(5, 9));
        sameAsReference(b -> random(b, dtype, 13, 4, 1, 3).broadcastTo(2, 4, 301, 3));
        sameAsReference(b -> random(b, dtype, 14, 1).broadcastTo(70001));
        sameAsReference(b -> on(b, new int[] {42}).broadcastTo(3, 2));
    }

    @Test
    void handlesEmptyAndScalarResults() {
        sameAsReference(b -> random(b, DType.FLOAT32, 15, 4, 5).slice(1, 3, 3));
        sameAsReference(b -> random(b, DType.FLOAT64, 16, 0, 5).transpose(0, 1));
        sameAsReference(b -> random(b, DType.INT32, 17, 2, 3).select(0, 1).select(0, 2));
        Tensor scalar = onVector(b -> random(b, DType.FLOAT64, 18, 2, 3).select(1, 2).select(0, 1));
        assertThat(scalar.shape().rank()).isZero();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void concatenatesAlongEveryAxis(DType dtype) {
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            int[] s1 = {3, 4, 5};
            int[] s2 = {3, 4, 5};
            int[] s3 = {3, 4, 5};
            s2[axis] = 1;
            s3[axis] = 0;
            sameAsReference(b -> Tensor.concat(a, random(b, dtype, 19, s1), random(b, dtype, 20, s2),
                    random(b, dtype, 21, s3), random(b, dtype, 22, s1)));
        }
        sameAsReference(b -> Tensor.concat(1, random(b, dtype, 23, 400, 37), random(b, dtype, 24, 400, 91)));
        sameAsReference(b -> Tensor.concat(0, random(b, dtype, 25, 0, 3), random(b, dtype, 26, 0, 3)));
        sameAsReference(b -> Tensor.stack(0, random(b, dtype, 27), random(b, dtype, 28)));
    }

    @ParameterizedTest
    @EnumSource(PadMode.class)
    void padsInEveryModeWithWidthsBeyondTheSize(PadMode mode) {
        for (DType dtype : DType.values()) {
            sameAsReference(b -> random(b, dtype, 29, 7).pad(new int[] {3}, new int[] {16}, mode, 2.5));
            sameAsReference(b -> random(b, dtype, 30, 3, 4).pad(new int[] {5, 0}, new int[] {1, 9}, mode, -1));
            sameAsReference(b -> random(b, dtype, 31, 2, 3, 5).pad(new int[] {1, 4, 2}, new int[] {3, 0, 11}, mode, 7));
            sameAsReference(b -> random(b, dtype, 32, 1, 1).pad(new int[] {2, 3}, new int[] {4, 1}, mode, 0));
            sameAsReference(b -> random(b, dtype, 33, 130, 259).pad(new int[] {2, 1}, new int[] {3, 5}, mode, 0));
        }
    }

    @Test
    void padsEmptyAxesAndScalarsInConstantMode() {
        sameAsReference(b -> random(b, DType.FLOAT32, 34, 3, 0).pad(new int[] {1, 2}, new int[] {0, 1},
                PadMode.CONSTANT, 4));
        sameAsReference(b -> random(b, DType.INT32, 35, 0, 2).pad(new int[] {0, 1}, new int[] {0, 1},
                PadMode.CONSTANT, 4));
        sameAsReference(b -> random(b, DType.FLOAT64, 36).pad(new int[0], new int[0], PadMode.REFLECT, 0));
    }

    @Test
    void shiftsRollAndFill() {
        for (PadMode mode : PadMode.values()) {
            sameAsReference(b -> random(b, DType.FLOAT32, 37, 6, 9).shift(1, 4, mode));
            sameAsReference(b -> random(b, DType.FLOAT64, 38, 6, 9).shift(0, -2, mode));
        }
    }

    @Test
    void padsHandComputedValues() {
        Tensor out = onVector(b -> on(b, new float[] {1, 2, 3}, 3).pad(new int[] {2}, new int[] {2}, PadMode.REFLECT));
        assertThat(out.toFloatArray()).containsExactly(3, 2, 1, 2, 3, 2, 1);
        out = onVector(b -> on(b, new int[] {1, 2, 3}, 3).pad(new int[] {2}, new int[] {4}, PadMode.SYMMETRIC));
        assertThat(out.toIntArray()).containsExactly(2, 1, 1, 2, 3, 3, 2, 1, 1);
        out = onVector(b -> on(b, new double[] {1, 2, 3, 4}, 2, 2).transpose(0, 1));
        assertThat(out.toDoubleArray()).containsExactly(1, 3, 2, 4);
    }
}
