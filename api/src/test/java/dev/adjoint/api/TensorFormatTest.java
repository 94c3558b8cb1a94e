package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.HeapStorage;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** NumPy-like text of tensors; the expected strings follow numpy's repr with "array(" read as "tensor(". */
class TensorFormatTest {

    private static Tensor iotaInt(int... shape) {
        int[] d = new int[Shape.of(shape).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return Tensor.of(d, shape);
    }

    @Test
    void matrixRowsAlignUnderTheFirst() {
        assertThat(Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString())
                .isEqualTo("tensor([[1., 2.],\n        [3., 4.]], shape=(2, 2), dtype=float32)");
    }

    @Test
    void scalarsAndEmptyTensors() {
        assertThat(Tensor.scalar(3).toString()).isEqualTo("tensor(3., dtype=float32)");
        assertThat(Tensor.scalar(-0.5, DType.FLOAT64).toString()).isEqualTo("tensor(-0.5, dtype=float64)");
        assertThat(Tensor.scalar(7, DType.INT32).toString()).isEqualTo("tensor(7, dtype=int32)");
        assertThat(Tensor.zeros(0, 3).toString()).isEqualTo("tensor([], shape=(0, 3), dtype=float32)");
        assertThat(Tensor.zeros(DType.INT32, 0).toString()).isEqualTo("tensor([], shape=(0,), dtype=int32)");
    }

    @Test
    void floatsArePrintedCompactlyAndAligned() {
        assertThat(Tensor.of(new float[] {0.1f, 0.25f}).toString())
                .isEqualTo("tensor([0.1 , 0.25], shape=(2,), dtype=float32)");
        assertThat(Tensor.of(new double[] {1.0 / 3}).toString())
                .isEqualTo("tensor([0.33333333], shape=(1,), dtype=float64)");
        assertThat(Tensor.of(new double[] {-0.0, 1}).toString())
                .isEqualTo("tensor([-0.,  1.], shape=(2,), dtype=float64)");
        assertThat(Tensor.of(new float[] {12.5f, -3f, 100f}).toString())
                .isEqualTo("tensor([ 12.5,  -3. , 100. ], shape=(3,), dtype=float32)");
    }

    @Test
    void nanAndInfinity() {
        double inf = Double.POSITIVE_INFINITY;
        assertThat(Tensor.of(new double[] {1, 0.5, inf, -inf, Double.NaN}).toString())
                .isEqualTo("tensor([ 1. ,  0.5,  inf, -inf,  nan], shape=(5,), dtype=float64)");
        assertThat(Tensor.of(new float[] {Float.NaN, Float.NaN}).toString())
                .isEqualTo("tensor([nan, nan], shape=(2,), dtype=float32)");
    }

    @Test
    void scientificNotationForWideOrExtremeRanges() {
        assertThat(Tensor.of(new float[] {123456f, 0.001f}).toString())
                .isEqualTo("tensor([1.2346e+05, 1.0000e-03], shape=(2,), dtype=float32)");
        assertThat(Tensor.of(new double[] {1e-5, -1.5, Double.NaN}).toString())
                .isEqualTo("tensor([ 1.0e-05, -1.5e+00,      nan], shape=(3,), dtype=float64)");
        assertThat(Tensor.of(new double[] {1e100, 1}).toString())
                .isEqualTo("tensor([1.e+100, 1.e+000], shape=(2,), dtype=float64)");
        assertThat(Tensor.of(new double[] {1e8}).toString()).isEqualTo("tensor([1.e+08], shape=(1,), dtype=float64)");
        // float32 switches at 1e6, float64 only at 1e8
        assertThat(Tensor.of(new float[] {2e6f}).toString()).isEqualTo("tensor([2.e+06], shape=(1,), dtype=float32)");
        assertThat(Tensor.of(new double[] {2e6}).toString()).isEqualTo("tensor([2000000.], shape=(1,), dtype=float64)");
    }

    @Test
    void integersAreRightAligned() {
        assertThat(Tensor.of(new int[] {-1, 2, -300}).toString())
                .isEqualTo("tensor([  -1,    2, -300], shape=(3,), dtype=int32)");
    }

    @Test
    void higherRanksSeparateBlocksWithBlankLines() {
        assertThat(iotaInt(2, 3, 4).toString()).isEqualTo("""
                tensor([[[ 0,  1,  2,  3],
                         [ 4,  5,  6,  7],
                         [ 8,  9, 10, 11]],

                        [[12, 13, 14, 15],
                         [16, 17, 18, 19],
                         [20, 21, 22, 23]]], shape=(2, 3, 4), dtype=int32)""");
    }

    @Test
    void longRowsWrapAt75Columns() {
        double[] d = new double[30];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        assertThat(Tensor.of(d).toString()).isEqualTo("""
                tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,
                        13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,
                        26., 27., 28., 29.], shape=(30,), dtype=float64)""");
    }

    @Test
    void largeTensorsAreAbbreviated() {
        assertThat(iotaInt(3000).toString())
                .isEqualTo("tensor([   0,    1,    2, ..., 2997, 2998, 2999], shape=(3000,), dtype=int32)");
        assertThat(iotaInt(40, 40).toString()).isEqualTo("""
                tensor([[   0,    1,    2, ...,   37,   38,   39],
                        [  40,   41,   42, ...,   77,   78,   79],
                        [  80,   81,   82, ...,  117,  118,  119],
                        ...,
                        [1480, 1481, 1482, ..., 1517, 1518, 1519],
                        [1520, 1521, 1522, ..., 1557, 1558, 1559],
                        [1560, 1561, 1562, ..., 1597, 1598, 1599]], shape=(40, 40), dtype=int32)""");
        // 1000 elements is still printed in full
        assertThat(iotaInt(1000).toString()).doesNotContain("...").contains(" 999]");
    }

    @Test
    void abbreviationKeepsShortAxesWhole() {
        assertThat(iotaInt(2, 501).toString()).isEqualTo("""
                tensor([[   0,    1,    2, ...,  498,  499,  500],
                        [ 501,  502,  503, ...,  999, 1000, 1001]], shape=(2, 501), dtype=int32)""");
    }

    @Test
    void neverThrowsEvenWhenTheBackendFails() {
        Backend broken = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return "broken";
                    }
                    throw new IllegalStateException("device lost");
                });
        Tensor t = Tensor.fromStorage(broken, HeapStorage.of(new float[2]), Shape.of(2));
        assertThat(t.toString()).isEqualTo(
                "tensor(<unreadable: java.lang.IllegalStateException: device lost>, shape=(2,), dtype=float32)");
    }
}
