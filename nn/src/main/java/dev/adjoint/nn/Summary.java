package dev.adjoint.nn;

import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A readable table of a model's parameters: one row per tensor with its name, shape, dtype and element count,
 * and a total row.
 */
public final class Summary {
    private static final String[] HEADER = {"name", "shape", "dtype", "count"};

    private Summary() {
    }

    /** The layer's description, a blank line, then {@link #table(Params)} of {@code params}. */
    public static String table(Layer layer, Params params) {
        return layer.describe() + "\n\n" + table(params);
    }

    /**
     * The parameter table: columns name, shape, dtype and count (right-aligned, with thousands separators),
     * a rule under the header and above the total, and a total row with the number of tensors and elements.
     */
    public static String table(Params params) {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : params) {
            Tensor t = e.getValue();
            rows.add(new String[] {e.getKey(), t.shape().toString(), t.dtype().label(), count(t.size())});
        }
        String[] total = {"total", params.size() + (params.size() == 1 ? " tensor" : " tensors"), "",
            count(params.parameterCount())};
        int[] width = new int[HEADER.length];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(HEADER[c].length(), total[c].length());
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, HEADER, width);
        rule(b, width);
        for (String[] r : rows) {
            line(b, r, width);
        }
        rule(b, width);
        line(b, total, width);
        return b.toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(width[c] - cells[c].length());
            l.append(c == cells.length - 1 ? pad + cells[c] : cells[c] + pad);
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    private static void rule(StringBuilder b, int[] width) {
        int n = 2 * (width.length - 1);
        for (int w : width) {
            n += w;
        }
        b.append("-".repeat(n)).append('\n');
    }
}
