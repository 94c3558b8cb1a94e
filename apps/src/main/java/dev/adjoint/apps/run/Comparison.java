package dev.adjoint.apps.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table an app prints and stores: each metric we computed next to the published value it reproduces (if
 * any), where the number comes from, and whether it meets the stated acceptance bound.
 */
public final class Comparison {
    /** One row: our value, the published one (NaN when there is none), the source, and a pass flag (or null). */
    public record Row(String metric, double ours, double published, String source, Boolean pass) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** Adds a row. */
    public Comparison add(String metric, double ours, double published, String source, Boolean pass) {
        rows.add(new Row(metric, ours, published, source, pass));
        return this;
    }

    /** Adds a row without a published counterpart. */
    public Comparison add(String metric, double ours) {
        return add(metric, ours, Double.NaN, "", null);
    }

    /**
     * Whether {@code lower} came out below {@code higher} for a published ordering such as "HIG below Adam": a
     * diverged (NaN or infinite) value is never below anything, and any finite value is below a diverged one.
     */
    public static boolean below(double lower, double higher) {
        return Double.isFinite(lower) && (!Double.isFinite(higher) || lower < higher);
    }

    /** The rows in the order they were added. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The rows as JSON-ready maps. */
    public List<Map<String, Object>> toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", r.metric());
            m.put("ours", r.ours());
            m.put("published", Double.isNaN(r.published()) ? null : r.published());
            m.put("source", r.source());
            m.put("pass", r.pass());
            out.add(m);
        }
        return out;
    }

    /** Prints the rows as an aligned table. */
    public void print(PrintStream out) {
        int width = Math.max(6, rows.stream().mapToInt(r -> r.metric().length()).max().orElse(0));
        out.println(String.format(Locale.ROOT, "%-" + width + "s  %12s  %12s  %-6s  %s", "METRIC", "OURS",
                "PUBLISHED", "CHECK", "SOURCE"));
        for (Row r : rows) {
            String check = r.pass() == null ? "" : r.pass() ? "ok" : "MISS";
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %12s  %12s  %-6s  %s", r.metric(),
                    format(r.ours()), Double.isNaN(r.published()) ? "-" : format(r.published()), check, r.source())
                    .stripTrailing());
        }
    }

    private static String format(double v) {
        if (v == 0 || Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
