package dev.adjoint.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.api.Backends;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.ReduceOp;
import dev.adjoint.api.spi.Storage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reductions over about a million elements on the TornadoVM device (known to be fragile on some OpenCL CPU
 * drivers), against sums and extremes worked out in closed form.
 */
class TornadoLargeReductionTest {
    private static final int PERIODS = 349_525;
    private static final int N = 3 * PERIODS;
    private static final int PEAK = 777_777;

    private final Backend backend = Backends.byName(TornadoProvider.NAME);

    /** 1, 2, 3, 1, 2, 3, ... with a single 5 at {@link #PEAK}. */
    private static double value(int i) {
        return i == PEAK ? 5 : 1 + i % 3;
    }

    private Storage input32() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) value(i);
        }
        return backend.fromHost(x);
    }

    private Storage input64() {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = value(i);
        }
        return backend.fromHost(x);
    }

    /** 6 per period of three, plus 5 - 1 at the peak (777777 % 3 == 0, whose value 1 it replaces). */
    private static final double EXPECTED_SUM = 6.0 * PERIODS + 4;

    @Test
    void sumOfAMillionFloat32() {
        Storage s = backend.reduce(ReduceOp.SUM, input32(), Shape.of(N), new int[] {0});
        assertEquals(EXPECTED_SUM, backend.toFloats(s)[0], 0.0);
    }

    @Test
    void sumOfAMillionFloat64() {
        Storage s = backend.reduce(ReduceOp.SUM, input64(), Shape.of(N), new int[] {0});
        assertEquals(EXPECTED_SUM, backend.toDoubles(s)[0], 0.0);
    }

    @Test
    void maxAndArgmaxOfAMillion() {
        Storage x = input32();
        assertEquals(5f, backend.toFloats(backend.reduce(ReduceOp.MAX, x, Shape.of(N), new int[] {0}))[0]);
        assertEquals(1f, backend.toFloats(backend.reduce(ReduceOp.MIN, x, Shape.of(N), new int[] {0}))[0]);
        assertEquals(PEAK, backend.toInts(backend.reduce(ReduceOp.ARGMAX, x, Shape.of(N), new int[] {0}))[0]);
        assertEquals(0, backend.toInts(backend.reduce(ReduceOp.ARGMIN, x, Shape.of(N), new int[] {0}))[0]);
    }

    @Test
    void columnSumsOfATallMatrix() {
        int rows = 1024;
        int cols = 1000;
        double[] x = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x[r * cols + c] = c + r % 2;
            }
        }
        double[] sums = backend.toDoubles(backend.reduce(ReduceOp.SUM, backend.fromHost(x), Shape.of(rows, cols),
                new int[] {0}));
        double[] expected = new double[cols];
        for (int c = 0; c < cols; c++) {
            expected[c] = rows * (double) c + rows / 2;
        }
        assertArrayEquals(expected, sums, 0.0);
    }

    @Test
    void splitReductionsPropagateNaNAndMultiplyExactly() {
        float[] x = new float[N];
        Arrays.fill(x, 1f);
        x[PEAK] = Float.NaN;
        Storage withNaN = backend.fromHost(x);
        assertEquals(Float.NaN, backend.toFloats(backend.reduce(ReduceOp.MAX, withNaN, Shape.of(N), new int[] {0}))[0]);
        assertEquals(Float.NaN, backend.toFloats(backend.reduce(ReduceOp.MIN, withNaN, Shape.of(N), new int[] {0}))[0]);
        x[PEAK] = 1f;
        for (int i = 0; i < 40; i++) {
            x[i * 25_000 + 3] = 2f; // spread over many chunks
        }
        Storage twos = backend.fromHost(x);
        assertEquals(0x1p40f, backend.toFloats(backend.reduce(ReduceOp.PROD, twos, Shape.of(N), new int[] {0}))[0]);
    }

    @Test
    void rowSumsOfAFewLongRows() {
        int rows = 3;
        int cols = 100_003;
        double[] x = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x[r * cols + c] = r + 1;
            }
        }
        double[] sums = backend.toDoubles(backend.reduce(ReduceOp.SUM, backend.fromHost(x), Shape.of(rows, cols),
                new int[] {1}));
        assertArrayEquals(new double[] {cols, 2.0 * cols, 3.0 * cols}, sums, 0.0);
    }
}
