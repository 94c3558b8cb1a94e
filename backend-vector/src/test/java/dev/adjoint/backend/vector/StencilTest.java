package dev.adjoint.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.spi.ConvSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct loops of {@link Stencil32} and {@link Stencil64} against the packed products of {@link Conv32} and
 * {@link Conv64} on every combination of dimension, dilation, groups, padding and periodicity, forward and
 * transposed (where the transpose gathers, the only case the direct loops take); the dispatching kernels are checked against the reference backend by the conformance kit.
 */
class StencilTest {
    @Test
    void directLoopsAgreeWithPackedProducts() {
        SplittableRandom rng = new SplittableRandom(11);
        int checked = 0;
        int transposed = 0;
        for (int dims = 1; dims <= 3; dims++) {
            for (int bits = 0; bits < 16; bits++) {
                int dilation = (bits & 1) != 0 ? 2 : 1;
                int groups = (bits & 2) != 0 ? 2 : 1;
                int pad = (bits & 4) != 0 ? 1 : 0;
                boolean periodic = (bits & 8) != 0;
                ConvSpec spec = spec(dims, groups, dilation, pad, periodic);
                ConvGeometry g = new ConvGeometry(spec);
                int xSize = spec.batch() * spec.inChannels() * g.inCells;
                int ySize = spec.batch() * spec.outChannels() * g.outCells;
                int wSize = spec.outChannels() * g.inPerGroup * g.kernelCells;
                double[] x = random(rng, xSize);
                double[] y = random(rng, ySize);
                double[] w = random(rng, wSize);
                String what = "dims " + dims + " dilation " + dilation + " groups " + groups + " pad " + pad
                        + (periodic ? " periodic" : "");

                assertClose(Stencil64.forward(g, x, w), Conv64.packedForward(g, x, w), 1e-12, what + " forward");
                assertClose(widen(Stencil32.forward(g, narrow(x), narrow(w))),
                        widen(Conv32.packedForward(g, narrow(x), narrow(w))), 1e-5, what + " forward f32");
                checked++;
                if (g.gathers()) {
                    assertClose(Stencil64.transpose(g, y, w), Conv64.packedTranspose(g, y, w), 1e-12,
                            what + " transpose");
                    assertClose(widen(Stencil32.transpose(g, narrow(y), narrow(w))),
                            widen(Conv32.packedTranspose(g, narrow(y), narrow(w))), 1e-5, what + " transpose f32");
                    transposed++;
                }
            }
        }
        assertThat(checked).isEqualTo(48);
        assertThat(transposed).as("geometries whose transpose gathers").isGreaterThan(30);
    }

    /** Batch 2, 2 channels per group in and out, sizes 19 / 7x6 / 5x6x6 and kernels 3 / 3x2 / 2x3x2. */
    private static ConvSpec spec(int dims, int groups, int dilation, int pad, boolean periodic) {
        int[][] sizes = {{19}, {7, 6}, {5, 6, 6}};
        int[][] kernels = {{3}, {3, 2}, {2, 3, 2}};
        int[] in = sizes[dims - 1];
        int[] k = kernels[dims - 1];
        int[] out = new int[dims];
        for (int d = 0; d < dims; d++) {
            out[d] = in[d] + 2 * pad - dilation * (k[d] - 1);
        }
        int[] ones = new int[dims];
        Arrays.fill(ones, 1);
        int[] dil = new int[dims];
        Arrays.fill(dil, dilation);
        int[] before = new int[dims];
        Arrays.fill(before, pad);
        return new ConvSpec(dims, 2, 2 * groups, 2 * groups, groups, in, k, out, ones, dil, before, periodic);
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * rng.nextDouble() - 1;
        }
        return v;
    }

    private static float[] narrow(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what + ": length").hasSameSizeAs(expected);
        double largest = 0;
        for (double e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        assertThat(largest).as(what + ": a non-trivial result").isGreaterThan(0.1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s at %d", what, i).isLessThanOrEqualTo(tol);
        }
    }
}
