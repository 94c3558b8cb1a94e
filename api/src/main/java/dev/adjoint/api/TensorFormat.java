package dev.adjoint.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * NumPy-like text for tensors: nested brackets aligned under each other, lines wrapped at 75 columns,
 * large tensors abbreviated with {@code ...}, then the shape and dtype, e.g.
 * {@code tensor([[1., 2.], [3., 4.]], shape=(2, 2), dtype=float32)} (with a line break between rows).
 */
final class TensorFormat {
    /** Tensors with more elements than this are abbreviated. */
    private static final int THRESHOLD = 1000;
    /** Elements shown at each end of an abbreviated axis. */
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 75;
    /** Most fractional digits in positional notation. */
    private static final int FIXED_DIGITS = 8;
    /** Most fractional mantissa digits in scientific notation. */
    private static final int EXP_DIGITS = 4;
    private static final String PREFIX = "tensor(";
    private static final String SEPARATOR = ", ";
    private static final String ELLIPSIS = "...";

    private TensorFormat() {
    }

    /** The text of {@code t}; never throws (unreadable contents are described instead). */
    static String format(Tensor t) {
        try {
            return render(t);
        } catch (RuntimeException e) {
            String shape;
            String dtype;
            try {
                shape = String.valueOf(t.shape());
                dtype = t.dtype().label();
            } catch (RuntimeException inner) {
                shape = "?";
                dtype = "?";
            }
            return PREFIX + "<unreadable: " + e + ">, shape=" + shape + ", dtype=" + dtype + ")";
        }
    }

    private static String render(Tensor t) {
        Shape shape = t.shape();
        String suffix = (shape.rank() == 0 ? "" : ", shape=" + shape) + ", dtype=" + t.dtype().label() + ")";
        if (shape.size() == 0) {
            return PREFIX + "[]" + suffix;
        }
        boolean summarize = shape.size() > THRESHOLD;
        int[] offsets = shownOffsets(shape, summarize);
        String[] words = words(t, offsets);
        if (shape.rank() == 0) {
            return PREFIX + words[0] + suffix;
        }
        Layout layout = new Layout(shape.dims(), words, summarize);
        String hanging = " ".repeat(PREFIX.length() + 1);
        return PREFIX + layout.recurse(0, hanging, LINE_WIDTH - 1) + suffix;
    }

    /** Flat offsets of the shown elements in row-major order (the edges only when summarizing). */
    private static int[] shownOffsets(Shape shape, boolean summarize) {
        int[] dims = shape.dims();
        int count = 1;
        for (int d : dims) {
            count *= summarize && d > 2 * EDGE_ITEMS ? 2 * EDGE_ITEMS : d;
        }
        int[] out = new int[count];
        collect(dims, shape.strides(), summarize, 0, 0, out, new int[1]);
        return out;
    }

    private static void collect(int[] dims, int[] strides, boolean summarize, int axis, int base, int[] out,
            int[] next) {
        if (axis == dims.length) {
            out[next[0]++] = base;
            return;
        }
        int n = dims[axis];
        boolean cut = summarize && n > 2 * EDGE_ITEMS;
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE_ITEMS) {
                i = n - EDGE_ITEMS;
            }
            collect(dims, strides, summarize, axis + 1, base + i * strides[axis], out, next);
        }
    }

    /** The shown elements as strings of equal width. */
    private static String[] words(Tensor t, int[] offsets) {
        return switch (t.dtype()) {
            case INT32 -> {
                int[] v = t.toIntArray();
                String[] w = new String[offsets.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = Integer.toString(v[offsets[i]]);
                }
                yield padLeft(w);
            }
            case FLOAT32 -> {
                float[] v = t.toFloatArray();
                double[] shown = new double[offsets.length];
                for (int i = 0; i < shown.length; i++) {
                    shown[i] = v[offsets[i]];
                }
                yield floatWords(shown, true);
            }
            case FLOAT64 -> {
                double[] v = t.toDoubleArray();
                double[] shown = new double[offsets.length];
                for (int i = 0; i < shown.length; i++) {
                    shown[i] = v[offsets[i]];
                }
                yield floatWords(shown, false);
            }
        };
    }

    private static String[] padLeft(String[] w) {
        int width = 0;
        for (String s : w) {
            width = Math.max(width, s.length());
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = " ".repeat(width - w[i].length()) + w[i];
        }
        return w;
    }

    /**
     * Floats like NumPy: positional with up to 8 fractional digits and a trailing dot for whole numbers,
     * or scientific (up to 4 fractional mantissa digits) when the magnitudes reach 1e8 (1e6 for float32),
     * go below 1e-4 or span more than three decades.
     */
    private static String[] floatWords(double[] v, boolean single) {
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x) && x != 0) {
                maxAbs = Math.max(maxAbs, Math.abs(x));
                minAbs = Math.min(minAbs, Math.abs(x));
            }
        }
        // NumPy's cutoff is 10^min(8, decimal digits of the dtype): 1e6 for float32, 1e8 for float64.
        double cutoff = single ? 1e6 : 1e8;
        boolean scientific = maxAbs > 0 && (maxAbs >= cutoff || minAbs < 1e-4 || maxAbs / minAbs > 1e3);
        String[] left = new String[v.length];
        String[] right = new String[v.length];
        String[] exponent = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (!Double.isFinite(x)) {
                continue;
            }
            BigDecimal d = new BigDecimal(single ? Float.toString((float) x) : Double.toString(x));
            String sign = (x < 0 || (x == 0 && 1 / x < 0)) ? "-" : "";
            if (scientific) {
                // Shortest digits when they fit, else the exact binary value rounded, as NumPy does.
                BigDecimal r = (d.precision() <= EXP_DIGITS + 1 ? d : new BigDecimal(x))
                        .abs().round(new MathContext(EXP_DIGITS + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
                String digits = r.unscaledValue().toString();
                int exp = r.signum() == 0 ? 0 : digits.length() - 1 - r.scale();
                left[i] = sign + digits.charAt(0);
                right[i] = digits.substring(1);
                exponent[i] = Integer.toString(Math.abs(exp));
                exponent[i] = (exp < 0 ? "-" : "+") + (exponent[i].length() < 2 ? "0" : "") + exponent[i];
            } else {
                BigDecimal r = (d.scale() <= FIXED_DIGITS ? d : new BigDecimal(x).setScale(FIXED_DIGITS,
                        RoundingMode.HALF_EVEN)).abs().stripTrailingZeros();
                String plain = r.toPlainString();
                int dot = plain.indexOf('.');
                left[i] = sign + (dot < 0 ? plain : plain.substring(0, dot));
                right[i] = dot < 0 ? "" : plain.substring(dot + 1);
            }
        }
        int padLeft = 0;
        int padRight = 0;
        int expWidth = 0;
        for (int i = 0; i < v.length; i++) {
            if (left[i] != null) {
                padLeft = Math.max(padLeft, left[i].length());
                padRight = Math.max(padRight, right[i].length());
                if (scientific) {
                    expWidth = Math.max(expWidth, exponent[i].length());
                }
            }
        }
        if (!scientific) {
            // room for nan/inf so that the decimal points stay aligned, as NumPy does
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    int len = Double.isNaN(x) ? 3 : x > 0 ? 3 : 4;
                    padLeft = Math.max(padLeft, len - padRight - 1);
                }
            }
        }
        String[] w = new String[v.length];
        int width = 0;
        for (int i = 0; i < v.length; i++) {
            if (left[i] == null) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            b.append(" ".repeat(padLeft - left[i].length())).append(left[i]).append('.');
            if (scientific) {
                b.append(right[i]).append("0".repeat(padRight - right[i].length()));
                String e = exponent[i];
                b.append('e').append(e.charAt(0)).append("0".repeat(expWidth - e.length())).append(e.substring(1));
            } else {
                b.append(right[i]).append(" ".repeat(padRight - right[i].length()));
            }
            w[i] = b.toString();
            width = Math.max(width, w[i].length());
        }
        for (int i = 0; i < v.length; i++) {
            if (w[i] == null) {
                String s = Double.isNaN(v[i]) ? "nan" : v[i] > 0 ? "inf" : "-inf";
                width = Math.max(width, s.length());
                w[i] = s;
            }
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                w[i] = " ".repeat(width - w[i].length()) + w[i];
            }
        }
        return w;
    }

    /** Lays the element strings out in nested, wrapped brackets (NumPy's algorithm). */
    private static final class Layout {
        private final int[] dims;
        private final String[] words;
        private final boolean summarize;
        private int next;

        Layout(int[] dims, String[] words, boolean summarize) {
            this.dims = dims;
            this.words = words;
            this.summarize = summarize;
        }

        /** The bracketed text of the sub-tensor at {@code axis}, consuming its words in order. */
        String recurse(int axis, String hanging, int width) {
            int axesLeft = dims.length - axis;
            String nextHanging = hanging + " ";
            int nextWidth = width - 1;
            int n = dims[axis];
            boolean cut = summarize && n > 2 * EDGE_ITEMS;
            int lead = cut ? EDGE_ITEMS : n;
            int trail = cut ? EDGE_ITEMS : 0;
            StringBuilder s = new StringBuilder();
            if (axesLeft == 1) {
                int elemWidth = width - 1;
                StringBuilder line = new StringBuilder(hanging);
                for (int i = 0; i < n - (cut ? 0 : 1) && i < lead; i++) {
                    line = extend(s, line, words[next++], elemWidth, hanging).append(SEPARATOR);
                }
                if (cut) {
                    line = extend(s, line, ELLIPSIS, elemWidth, hanging).append(SEPARATOR);
                    for (int i = 0; i < trail - 1; i++) {
                        line = extend(s, line, words[next++], elemWidth, hanging).append(SEPARATOR);
                    }
                }
                line = extend(s, line, words[next++], elemWidth, hanging);
                s.append(line);
            } else {
                String lineSep = SEPARATOR.stripTrailing() + "\n".repeat(axesLeft - 1);
                int count = cut ? lead + trail : n;
                for (int i = 0; i < count; i++) {
                    if (cut && i == lead) {
                        s.append(hanging).append(ELLIPSIS).append(lineSep);
                    }
                    s.append(hanging).append(recurse(axis + 1, nextHanging, nextWidth));
                    if (i < count - 1) {
                        s.append(lineSep);
                    }
                }
            }
            return "[" + s.substring(hanging.length()) + "]";
        }

        /** Appends {@code word} to {@code line}, first moving the line into {@code s} if it would overflow. */
        private static StringBuilder extend(StringBuilder s, StringBuilder line, String word, int width,
                String hanging) {
            boolean wrap = line.length() + word.length() > width && line.length() > hanging.length();
            if (wrap) {
                s.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(hanging);
            }
            return line.append(word);
        }
    }
}
