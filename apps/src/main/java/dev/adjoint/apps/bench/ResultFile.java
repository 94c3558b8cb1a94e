package dev.adjoint.apps.bench;

import dev.adjoint.apps.io.AtomicFiles;
import dev.adjoint.apps.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code bench-results.json}: the machine, the run's settings, the baselines and every row of the table. */
public final class ResultFile {
    /** The file name written into the output folder. */
    public static final String NAME = "bench-results.json";

    private ResultFile() {
    }

    /** The document as nested maps and lists, ready for {@link #write}. */
    public static Map<String, Object> document(MachineInfo machine, Map<String, Object> settings, ResultTable table,
            Instant when) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("created", when.toString());
        doc.put("machine", machine.toMap());
        doc.put("settings", settings);
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("stream_triad_gb_per_s", table.streamTriadGbPerSecond());
        Map<String, Object> fma = new LinkedHashMap<>();
        fma.put("f32", table.fmaPeakGflopPerSecond("f32"));
        fma.put("f64", table.fmaPeakGflopPerSecond("f64"));
        baselines.put("fma_peak_gflop_per_s", fma);
        doc.put("baselines", baselines);
        List<Object> rows = new ArrayList<>();
        for (ResultTable.Row r : table.rows()) {
            rows.add(row(r));
        }
        doc.put("rows", rows);
        return doc;
    }

    private static Map<String, Object> row(ResultTable.Row r) {
        Measurement m = r.measurement();
        Workload w = m.work();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("benchmark", m.benchmark());
        row.put("backend", m.backend());
        row.put("params", new LinkedHashMap<String, Object>(m.params()));
        row.put("size", w.size());
        row.put("kind", w.kind().name().toLowerCase(Locale.ROOT));
        row.put("dtype", w.dtype());
        row.put("median_seconds", m.seconds());
        row.put("samples", m.samples());
        row.put("estimated", m.estimated());
        row.put("estimate", m.estimate());
        row.put("bytes", w.bytes());
        row.put("flops", w.flops());
        row.put("items", w.items());
        row.put("item", w.itemName().isEmpty() ? null : w.itemName());
        row.put("gb_per_s", r.gbPerSecond());
        row.put("gflop_per_s", r.gflopPerSecond());
        row.put("items_per_s", r.itemsPerSecond());
        row.put("speedup_vs_reference", r.speedup());
        row.put("speedup_estimated", r.speedupEstimated());
        row.put("baseline", r.baseline());
        row.put("baseline_fraction", r.baselineFraction());
        row.put("per_op", new LinkedHashMap<String, Object>(r.measurement().counters()));
        return row;
    }

    /**
     * Writes the document to {@code dir/bench-results.json}: first to a temporary file in the same folder, then
     * moved into place, so that a reader never sees half a file. Returns the path written.
     */
    public static Path write(Path dir, Map<String, Object> document) throws IOException {
        return AtomicFiles.writeString(dir.resolve(NAME), Json.write(document));
    }
}
