package dev.adjoint.apps.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns measurements into table rows: throughput (GB/s, GFLOP/s, items/s), the speed-up over the
 * {@code reference} backend for the same benchmark and parameters, and the fraction of the matching machine
 * baseline (STREAM triad for memory-bound rows, the FMA peak of the row's dtype for compute-bound ones).
 */
public final class ResultTable {
    /** The backend speed-ups are measured against. */
    public static final String REFERENCE = "reference";

    /**
     * One row of the table.
     *
     * @param measurement      what was timed
     * @param gbPerSecond      bytes per second / 1e9, or NaN when the workload has no byte count
     * @param gflopPerSecond   flops per second / 1e9, or NaN when the workload has no flop count
     * @param itemsPerSecond   cells or points per second, or NaN
     * @param speedup          reference time / this time for the same benchmark and parameters, or NaN
     * @param speedupEstimated whether either time in {@code speedup} is an estimate
     * @param baseline         the baseline this row is compared with ({@code STREAM triad}, {@code FMA f32}...),
     *                         or null
     * @param baselineFraction this row's GB/s or GFLOP/s over the baseline's, or NaN
     */
    public record Row(Measurement measurement, double gbPerSecond, double gflopPerSecond, double itemsPerSecond,
            double speedup, boolean speedupEstimated, String baseline, double baselineFraction) {
    }

    private final List<Row> rows;

    private ResultTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The rows for these measurements, in their order. */
    public static ResultTable of(List<Measurement> measurements) {
        double triad = Double.NaN;
        Map<String, Double> fmaPeak = new LinkedHashMap<>();
        Map<String, Measurement> references = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            Workload w = m.work();
            if (w.kind() == Workload.Kind.STREAM_BASELINE && Double.isNaN(triad)) {
                triad = w.bytes() / m.seconds() / 1e9;
            } else if (w.kind() == Workload.Kind.FMA_BASELINE) {
                fmaPeak.putIfAbsent(w.dtype(), w.flops() / m.seconds() / 1e9);
            }
            if (REFERENCE.equals(m.backend())) {
                references.putIfAbsent(caseKey(m), m);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Measurement m : measurements) {
            Workload w = m.work();
            double gbs = w.bytes() > 0 ? w.bytes() / m.seconds() / 1e9 : Double.NaN;
            double gflops = w.flops() > 0 ? w.flops() / m.seconds() / 1e9 : Double.NaN;
            double items = w.items() > 0 ? w.items() / m.seconds() : Double.NaN;

            double speedup = Double.NaN;
            boolean speedupEstimated = false;
            Measurement ref = m.backend() == null ? null : references.get(caseKey(m));
            if (ref != null) {
                speedup = ref.seconds() / m.seconds();
                speedupEstimated = ref.estimated() || m.estimated();
            }

            String baseline = null;
            double fraction = Double.NaN;
            switch (w.kind()) {
                case MEMORY -> {
                    baseline = "STREAM triad";
                    fraction = gbs / triad;
                }
                case COMPUTE -> {
                    baseline = "FMA " + w.dtype();
                    fraction = gflops / fmaPeak.getOrDefault(w.dtype(), Double.NaN);
                }
                default -> {
                }
            }
            rows.add(new Row(m, gbs, gflops, items, speedup, speedupEstimated, baseline, fraction));
        }
        return new ResultTable(rows);
    }

    /** The rows, in measurement order. */
    public List<Row> rows() {
        return rows;
    }

    /** The STREAM triad bandwidth in GB/s, or NaN when it was not measured. */
    public double streamTriadGbPerSecond() {
        return rows.stream().filter(r -> r.measurement().work().kind() == Workload.Kind.STREAM_BASELINE)
                .mapToDouble(Row::gbPerSecond).findFirst().orElse(Double.NaN);
    }

    /** The FMA peak of {@code dtype} in GFLOP/s, or NaN when it was not measured. */
    public double fmaPeakGflopPerSecond(String dtype) {
        return rows.stream().filter(r -> r.measurement().work().kind() == Workload.Kind.FMA_BASELINE
                        && r.measurement().work().dtype().equals(dtype))
                .mapToDouble(Row::gflopPerSecond).findFirst().orElse(Double.NaN);
    }

    /** The benchmark and its parameters other than the backend. */
    private static String caseKey(Measurement m) {
        Map<String, String> rest = new TreeMap<>(m.params());
        rest.remove("backend");
        return m.benchmark() + rest;
    }

    // ---- text --------------------------------------------------------------------------------------------

    private static final String[] HEADER = {"BENCHMARK", "BACKEND", "SIZE", "MEDIAN", "THROUGHPUT", "VS REF",
        "VS BASELINE", "PER OP"};

    /** The table as aligned text, one row per line after a header, with a footnote for estimated rows. */
    public String format() {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        List<String> notes = new ArrayList<>();
        for (Row r : rows) {
            Measurement m = r.measurement();
            String time = formatSeconds(m.seconds());
            if (m.estimated()) {
                time = "~" + time + " *";
                if (!notes.contains(m.estimate())) {
                    notes.add(m.estimate());
                }
            }
            lines.add(new String[] {
                m.benchmark(),
                m.backend() == null ? "-" : m.backend(),
                m.work().size(),
                time,
                throughput(r),
                Double.isNaN(r.speedup()) || REFERENCE.equals(m.backend()) ? "" : String.format(Locale.ROOT,
                        "%.1fx%s", r.speedup(), r.speedupEstimated() ? " *" : ""),
                r.baseline() == null || Double.isNaN(r.baselineFraction()) ? "" : String.format(Locale.ROOT,
                        "%.0f%% %s", 100 * r.baselineFraction(), r.baseline()),
                counters(m)});
        }
        int[] width = new int[HEADER.length];
        for (String[] line : lines) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                boolean right = c == 3 || c == 5;
                String pad = " ".repeat(width[c] - line[c].length());
                text.append(right ? pad + line[c] : line[c] + pad).append(c + 1 < width.length ? "  " : "");
            }
            sb.append(text.toString().stripTrailing()).append('\n');
        }
        for (String note : notes) {
            sb.append("* ").append(note).append('\n');
        }
        return sb.toString();
    }

    /** GB/s for memory-bound rows (with cells or points per second), GFLOP/s for compute-bound ones. */
    static String throughput(Row r) {
        Workload.Kind kind = r.measurement().work().kind();
        if (kind == Workload.Kind.COMPUTE || kind == Workload.Kind.FMA_BASELINE) {
            return String.format(Locale.ROOT, "%.1f GFLOP/s", r.gflopPerSecond());
        }
        if (Double.isNaN(r.gbPerSecond())) {
            return "";
        }
        String s = String.format(Locale.ROOT, "%.1f GB/s", r.gbPerSecond());
        if (!Double.isNaN(r.itemsPerSecond()) && !r.measurement().work().itemName().equals("element")) {
            s += String.format(Locale.ROOT, " (%.0f M%s/s)", r.itemsPerSecond() / 1e6,
                    r.measurement().work().itemName());
        }
        return s;
    }

    /** The per-operation counters, e.g. {@code cgIterations 31.5}. */
    static String counters(Measurement m) {
        StringBuilder sb = new StringBuilder();
        m.counters().forEach((name, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(name)
                .append(String.format(Locale.ROOT, " %.1f", v)));
        return sb.toString();
    }

    /** Seconds with a unit that keeps three or four significant digits: ns, us, ms or s. */
    static String formatSeconds(double s) {
        if (s < 1e-6) {
            return String.format(Locale.ROOT, "%.0f ns", s * 1e9);
        }
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.1f us", s * 1e6);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.2f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
