package dev.adjoint.nn;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/** Argument checks, batching and descriptions shared by {@link Conv} and {@link ConvTranspose}. */
final class ConvSupport {
    private ConvSupport() {
    }

    static void checkConfig(String layer, int dims, int in, int out, int[] kernel, ConvOptions options) {
        if (dims < 1 || dims > 3) {
            throw new IllegalArgumentException(layer + ": " + dims + " spatial dimensions; expected 1, 2 or 3");
        }
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(layer + ": channels " + in + " -> " + out
                    + "; expected in >= 1 and out >= 1");
        }
        if (kernel.length != dims) {
            throw new IllegalArgumentException(layer + ": kernel " + Arrays.toString(kernel) + " has "
                    + kernel.length + " sizes; expected " + dims);
        }
        for (int k : kernel) {
            if (k < 1) {
                throw new IllegalArgumentException(layer + ": kernel " + Arrays.toString(kernel)
                        + "; expected every size >= 1");
            }
        }
        int g = options.groups();
        if (in % g != 0 || out % g != 0) {
            throw new IllegalArgumentException(layer + ": channels " + in + " -> " + out + " with groups=" + g
                    + "; expected both divisible by groups");
        }
    }

    static int[] kernel(int dims, int k) {
        int[] kernel = new int[Math.max(dims, 0)];
        Arrays.fill(kernel, k);
        return kernel;
    }

    /** {@code [d0, d1, kernel...]}. */
    static int[] weightShape(int d0, int d1, int[] kernel) {
        int[] s = new int[kernel.length + 2];
        s[0] = d0;
        s[1] = d1;
        System.arraycopy(kernel, 0, s, 2, kernel.length);
        return s;
    }

    /** The input as a batch {@code [N, C, spatial...]}; an unbatched {@code [C, spatial...]} input gains N = 1. */
    static Tensor batched(String layer, Tensor input, int dims, int channels) {
        int rank = input.rank();
        boolean unbatched = rank == dims + 1;
        if ((rank != dims + 2 && !unbatched) || input.dim(unbatched ? 0 : 1) != channels) {
            throw new OpException.ShapeException(layer, "input of shape " + input.shape() + "; expected [batch, "
                    + channels + ", spatial x" + dims + "] or [" + channels + ", spatial x" + dims + "]");
        }
        return unbatched ? input.unsqueeze(0) : input;
    }

    /** Adds {@code bias [C]} along axis 1 and restores an unbatched shape. */
    static Tensor finish(Tensor y, Tensor bias, int dims, boolean unbatched) {
        if (bias != null) {
            int[] s = new int[dims + 2];
            Arrays.fill(s, 1);
            s[1] = bias.size();
            y = y.add(bias.reshape(s));
        }
        return unbatched ? y.squeeze(0) : y;
    }

    static String describe(String name, int dims, int in, int out, int[] kernel, ConvOptions o, boolean bias,
            boolean transpose) {
        StringBuilder b = new StringBuilder(name).append(dims).append("d(").append(in).append(" -> ").append(out)
                .append(", kernel=").append(list(kernel));
        appendIf(b, "stride", o.stride(), 1);
        if (o.isSamePadding()) {
            b.append(", padding=same");
        } else {
            appendIf(b, "padding", o.padding(), 0);
        }
        if (transpose) {
            appendIf(b, "outputPadding", o.outputPadding(), 0);
        }
        appendIf(b, "dilation", o.dilation(), 1);
        if (o.groups() != 1) {
            b.append(", groups=").append(o.groups());
        }
        if (o.isPeriodic()) {
            b.append(", periodic");
        }
        if (!bias) {
            b.append(", bias=false");
        }
        return b.append(')').toString();
    }

    private static void appendIf(StringBuilder b, String what, int[] v, int dflt) {
        for (int x : v) {
            if (x != dflt) {
                b.append(", ").append(what).append('=').append(list(v));
                return;
            }
        }
    }

    private static String list(int[] v) {
        boolean same = true;
        for (int x : v) {
            same &= x == v[0];
        }
        if (same && v.length > 0) {
            return String.valueOf(v[0]);
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ", " : "").append(v[i]);
        }
        return b.append(')').toString();
    }
}
