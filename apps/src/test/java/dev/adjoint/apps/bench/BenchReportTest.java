package dev.adjoint.apps.bench;

import dev.adjoint.apps.io.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arithmetic of {@code adjoint bench} on synthetic results: workloads, throughput, speed-ups over the
 * reference, fractions of the baselines, scaled estimates, the printed table and the JSON file. Nothing is timed.
 */
class BenchReportTest {
    private static final double EPS = 1e-9;
    private static final long M16 = 16L << 20;

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Measurement measured(String benchmark, Map<String, String> params, double seconds) {
        return new Measurement(benchmark, params, Workload.of(benchmark, params), seconds, 3, null);
    }

    private static Measurement fma(String dtype, double flops, double seconds) {
        return new Measurement("FmaPeakBench.fma", params("dtype", dtype),
                new Workload(Workload.Kind.FMA_BASELINE, "2 threads " + dtype, dtype, 0, flops, 0, ""), seconds, 3,
                null);
    }

    /**
     * Triad 20 GB/s, FMA peaks 80 (f32) and 40 (f64) GFLOP/s; add at 16M: reference 2 GB/s, vector 16 GB/s;
     * matmul f32 1024 reference 0.4 GFLOP/s, 2048 reference estimated (x8), 2048 vector 32 GFLOP/s; matmul f64
     * 1024 vector 10 GFLOP/s with no reference row.
     */
    private static List<Measurement> synthetic() {
        List<Measurement> ms = new ArrayList<>();
        ms.add(measured("StreamTriadBench.triad", params(), 24.0 * M16 / 20e9));
        ms.add(fma("f32", 8e9, 0.1));
        ms.add(fma("f64", 4e9, 0.1));
        ms.add(measured("ElementwiseBench.add", params("size", "16777216", "backend", "reference"), 12.0 * M16 / 2e9));
        ms.add(measured("ElementwiseBench.add", params("size", "16777216", "backend", "vector"), 12.0 * M16 / 16e9));
        Map<String, String> ref1024 = params("dtype", "f32", "n", "1024", "backend", "reference");
        ms.add(measured("MatmulBench.matmul", ref1024, 2.0 * 1024 * 1024 * 1024 / 0.4e9));
        BenchCase ref2048 = new BenchCase("dev.adjoint.apps.bench.MatmulBench.matmul",
                params("dtype", "f32", "n", "2048", "backend", "reference"), BenchPlan.slow(false));
        ms.add(BenchPlan.estimate(ref2048, ms, 30).orElseThrow());
        ms.add(measured("MatmulBench.matmul", params("dtype", "f32", "n", "2048", "backend", "vector"),
                2.0 * 2048 * 2048 * 2048 / 32e9));
        ms.add(measured("MatmulBench.matmul", params("dtype", "f64", "n", "1024", "backend", "vector"),
                2.0 * 1024 * 1024 * 1024 / 10e9));
        return ms;
    }

    @Test
    void workloadsCountBytesAndFlopsPerOperation() {
        Workload add = Workload.of("ElementwiseBench.add", params("size", "1024", "backend", "vector"));
        assertThat(add.kind()).isEqualTo(Workload.Kind.MEMORY);
        assertThat(add.bytes()).isEqualTo(3 * 4 * 1024.0);
        assertThat(add.size()).isEqualTo("1K f32");
        Workload tanh = Workload.of("ElementwiseBench.tanh", params("size", "65536"));
        assertThat(tanh.bytes()).isEqualTo(2 * 4 * 65536.0);
        assertThat(tanh.size()).isEqualTo("64K f32");
        assertThat(Workload.of("ReductionBench.sum", params("size", "16777216")).bytes()).isEqualTo(4.0 * M16);

        Workload mm = Workload.of("MatmulBench.matmul", params("n", "256", "dtype", "f64"));
        assertThat(mm.kind()).isEqualTo(Workload.Kind.COMPUTE);
        assertThat(mm.flops()).isEqualTo(2.0 * 256 * 256 * 256);
        assertThat(mm.dtype()).isEqualTo("f64");

        // 2 * N * Cout * Cin * k^2 * H * W = 2 * 16 * 32 * 32 * 9 * 64 * 64 = 1,207,959,552.
        assertThat(Workload.of("ConvBench.forward", params()).flops()).isEqualTo(1_207_959_552.0);
        assertThat(Workload.of("ConvBench.forwardBackward", params()).flops()).isEqualTo(3 * 1_207_959_552.0);

        Workload lap = Workload.of("LaplacianBench.conv", params("size", "1024"));
        assertThat(lap.items()).isEqualTo(1024.0 * 1024);
        assertThat(lap.bytes()).isEqualTo(8.0 * 1024 * 1024);
        assertThat(lap.itemName()).isEqualTo("cell");

        // 512^2 points: 8 bytes of coordinates + 4 written each, plus the 512^2 field read once.
        assertThat(Workload.of("SampleBench.bilinear", params("size", "512")).bytes())
                .isEqualTo(262144 * 12.0 + 262144 * 4.0);
        assertThat(Workload.of("StreamTriadBench.triad", params()).bytes()).isEqualTo(24.0 * M16);
    }

    @Test
    void nnWorkloadsCountLayerAndUNetFlopsAndParticles() {
        Workload layer = Workload.of("ConvLayerBench.forwardBackward", params("backend", "vector"));
        assertThat(layer.kind()).isEqualTo(Workload.Kind.COMPUTE);
        assertThat(layer.flops()).isEqualTo(3 * 1_207_959_552.0);
        // Forward convolution FLOPs of the 4-level, 32-filter U-Net on 8 x 64^2, by part: stem 18,874,368;
        // level 0 blocks 2,415,919,104; each downsampling 150,994,944; level 1 and level 2 blocks
        // 2,147,483,648 each; level 3 blocks and mid 3,355,443,200; each decoder level (upsampling and
        // blocks) 3,288,334,336; head 2,097,152. Sum 20,405,288,960; a step is three times that.
        Workload unet = Workload.of("UNetStepBench.trainingStep", params("backend", "vector"));
        assertThat(unet.kind()).isEqualTo(Workload.Kind.COMPUTE);
        assertThat(unet.flops()).isEqualTo(3 * 20_405_288_960.0);
        Workload cconv = Workload.of("CconvBench.forwardBackward", params("layer", "ascc", "backend", "vector"));
        assertThat(cconv.kind()).isEqualTo(Workload.Kind.UNKNOWN);
        assertThat(cconv.items()).isEqualTo(10_000.0);
        assertThat(cconv.itemName()).isEqualTo("particle");
        assertThat(cconv.size()).isEqualTo("10000 pts 3D c16 ascc");
        assertThat(Workload.of("CconvSearchBench.neighborhood", params("backend", "vector")).items())
                .isEqualTo(10_000.0);
    }

    @Test
    void rowsCarryThroughputSpeedupAndBaselineFraction() {
        ResultTable table = ResultTable.of(synthetic());
        List<ResultTable.Row> rows = table.rows();

        assertThat(table.streamTriadGbPerSecond()).isCloseTo(20, within(EPS));
        assertThat(table.fmaPeakGflopPerSecond("f32")).isCloseTo(80, within(EPS));
        assertThat(table.fmaPeakGflopPerSecond("f64")).isCloseTo(40, within(EPS));

        ResultTable.Row addRef = rows.get(3);
        assertThat(addRef.gbPerSecond()).isCloseTo(2, within(EPS));
        assertThat(addRef.baselineFraction()).isCloseTo(0.1, within(EPS));
        ResultTable.Row addVec = rows.get(4);
        assertThat(addVec.gbPerSecond()).isCloseTo(16, within(EPS));
        assertThat(addVec.speedup()).isCloseTo(8, within(EPS));
        assertThat(addVec.speedupEstimated()).isFalse();
        assertThat(addVec.baseline()).isEqualTo("STREAM triad");
        assertThat(addVec.baselineFraction()).isCloseTo(0.8, within(EPS));
        assertThat(addVec.gflopPerSecond()).isNaN();

        ResultTable.Row mmRef1024 = rows.get(5);
        assertThat(mmRef1024.gflopPerSecond()).isCloseTo(0.4, within(EPS));
        assertThat(mmRef1024.baselineFraction()).isCloseTo(0.005, within(EPS));

        // Reference at 2048: 1024's time times 8 (42.95 s), so 8x the flops in 8x the time: still 0.4 GFLOP/s.
        // Vector 32 GFLOP/s: 80x, marked estimated; 40% of the f32 peak of 80.
        ResultTable.Row mmRef2048 = rows.get(6);
        assertThat(mmRef2048.measurement().estimated()).isTrue();
        assertThat(mmRef2048.measurement().seconds()).isCloseTo(8 * 2.0 * 1024 * 1024 * 1024 / 0.4e9, within(EPS));
        assertThat(mmRef2048.gflopPerSecond()).isCloseTo(0.4, within(EPS));
        ResultTable.Row mmVec2048 = rows.get(7);
        assertThat(mmVec2048.gflopPerSecond()).isCloseTo(32, within(EPS));
        assertThat(mmVec2048.speedup()).isCloseTo(80, within(1e-9));
        assertThat(mmVec2048.speedupEstimated()).isTrue();
        assertThat(mmVec2048.baseline()).isEqualTo("FMA f32");
        assertThat(mmVec2048.baselineFraction()).isCloseTo(0.4, within(EPS));

        // f64 is compared with the f64 peak; it has no reference row.
        ResultTable.Row mmF64 = rows.get(8);
        assertThat(mmF64.baseline()).isEqualTo("FMA f64");
        assertThat(mmF64.baselineFraction()).isCloseTo(0.25, within(EPS));
        assertThat(mmF64.speedup()).isNaN();

        // Baselines are not compared with themselves.
        assertThat(rows.get(0).baseline()).isNull();
        assertThat(rows.get(0).baselineFraction()).isNaN();
    }

    @Test
    void withoutBaselinesTheFractionsAreUnknown() {
        List<Measurement> ms = synthetic().subList(3, 5);

        ResultTable.Row vec = ResultTable.of(ms).rows().get(1);

        assertThat(vec.speedup()).isCloseTo(8, within(EPS));
        assertThat(vec.baselineFraction()).isNaN();
    }

    @Test
    void estimateScalesTheLargestSmallerMeasuredSizeByNCubed() {
        List<Measurement> done = List.of(
                measured("MatmulBench.matmul", params("dtype", "f32", "n", "256", "backend", "reference"), 0.01),
                measured("MatmulBench.matmul", params("dtype", "f32", "n", "1024", "backend", "reference"), 5),
                measured("MatmulBench.matmul", params("dtype", "f64", "n", "1024", "backend", "reference"), 50));
        BenchCase f32 = new BenchCase("x.MatmulBench.matmul", params("dtype", "f32", "n", "2048", "backend",
                "reference"), BenchPlan.slow(false));

        Measurement m = BenchPlan.estimate(f32, done, 30).orElseThrow();

        assertThat(m.seconds()).isCloseTo(40, within(EPS));
        assertThat(m.samples()).isZero();
        assertThat(m.estimate()).contains("n=2048").contains("n=1024").contains("^3");
        // Within the limit, with no limit, on another backend, or with nothing smaller measured: run it.
        assertThat(BenchPlan.estimate(f32, done, 41)).isEmpty();
        assertThat(BenchPlan.estimate(f32, done, 0)).isEmpty();
        BenchCase vector = new BenchCase("x.MatmulBench.matmul", params("dtype", "f32", "n", "2048", "backend",
                "vector"), BenchPlan.normal(false));
        assertThat(BenchPlan.estimate(vector, done, 30)).isEmpty();
        BenchCase small = new BenchCase("x.MatmulBench.matmul", params("dtype", "f32", "n", "256", "backend",
                "reference"), BenchPlan.normal(false));
        assertThat(BenchPlan.estimate(small, done, 1e-9)).isEmpty();
    }

    @Test
    void planOrdersCasesAddsNeededBaselinesAndSlowsDownHeavyReferenceCases() {
        List<BenchPlan.Entry> entries = List.of(
                new BenchPlan.Entry("p.MatmulBench.matmul", Map.of("backend", new String[] {"reference", "vector"},
                        "n", new String[] {"256", "1024"}, "dtype", new String[] {"f32", "f64"})),
                new BenchPlan.Entry("p.ElementwiseBench.add", Map.of("backend", new String[] {"reference", "vector"},
                        "size", new String[] {"1024"})),
                new BenchPlan.Entry("p.FmaPeakBench.fma", Map.of("dtype", new String[] {"f32", "f64"})),
                new BenchPlan.Entry("p.StreamTriadBench.triad", Map.of()));

        List<BenchCase> matmul = BenchPlan.build(entries, List.of("Matmul"), Map.of("dtype", Set.of("f32")), false);

        assertThat(matmul).extracting(BenchCase::label).containsExactly(
                "FmaPeakBench.fma dtype=f32",
                "MatmulBench.matmul dtype=f32 n=256 backend=reference",
                "MatmulBench.matmul dtype=f32 n=256 backend=vector",
                "MatmulBench.matmul dtype=f32 n=1024 backend=reference",
                "MatmulBench.matmul dtype=f32 n=1024 backend=vector");
        assertThat(matmul.get(1).iterations()).isEqualTo(BenchPlan.normal(false));
        assertThat(matmul.get(3).iterations()).isEqualTo(BenchPlan.slow(false));
        assertThat(matmul.get(4).iterations()).isEqualTo(BenchPlan.normal(false));

        List<BenchCase> add = BenchPlan.build(entries, List.of("Elementwise.add"), Map.of(), true);
        assertThat(add).extracting(BenchCase::label).containsExactly("StreamTriadBench.triad",
                "ElementwiseBench.add size=1024 backend=reference", "ElementwiseBench.add size=1024 backend=vector");
        assertThat(add.get(1).iterations()).isEqualTo(new BenchCase.Iterations(1, 500, 2, 500));

        assertThat(BenchPlan.build(entries, List.of(), Map.of(), false)).hasSize(1 + 2 + 2 + 8);
        assertThat(BenchPlan.build(entries, List.of("nothing"), Map.of(), false)).isEmpty();
    }

    @Test
    void tablePrintsOneAlignedLinePerRowAndFootnotesEstimates() {
        String text = ResultTable.of(synthetic()).format();
        List<String> lines = text.lines().toList();

        assertThat(lines.get(0)).startsWith("BENCHMARK").contains("VS REF").contains("VS BASELINE");
        assertThat(lines).hasSize(1 + 9 + 1);
        assertThat(lines.get(1)).contains("StreamTriadBench.triad").contains("20.0 GB/s");
        assertThat(lines.get(5)).contains("ElementwiseBench.add").contains("vector").contains("16M f32")
                .contains("16.0 GB/s").contains("8.0x").contains("80% STREAM triad");
        assertThat(lines.get(7)).contains("reference").contains("~42.95 s *");
        assertThat(lines.get(8)).contains("32.0 GFLOP/s").contains("80.0x *").contains("40% FMA f32");
        assertThat(lines.get(10)).startsWith("* not run").contains("(2048/1024)^3");
        int column = lines.get(0).indexOf("THROUGHPUT");
        assertThat(lines.subList(1, 10)).allSatisfy(l -> assertThat(l.charAt(column - 1)).isEqualTo(' '));
    }

    @Test
    void timesUseAReadableUnit() {
        assertThat(ResultTable.formatSeconds(850e-9)).isEqualTo("850 ns");
        assertThat(ResultTable.formatSeconds(12.34e-6)).isEqualTo("12.3 us");
        assertThat(ResultTable.formatSeconds(0.04567)).isEqualTo("45.67 ms");
        assertThat(ResultTable.formatSeconds(2.345)).isEqualTo("2.35 s");
    }

    @Test
    void jsonEscapesStringsAndWritesNonFiniteNumbersAsNull() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", "a\"b\\c\nd");
        doc.put("nan", Double.NaN);
        doc.put("half", 0.5);
        doc.put("whole", 3.0);
        doc.put("list", List.of(1, true));
        doc.put("empty", Map.of());

        assertThat(Json.write(doc)).isEqualTo("""
                {
                  "s": "a\\"b\\\\c\\nd",
                  "nan": null,
                  "half": 0.5,
                  "whole": 3,
                  "list": [
                    1,
                    true
                  ],
                  "empty": {}
                }
                """);
    }

    @Test
    void resultFileHoldsMachineBaselinesAndEveryRow(@TempDir Path dir) throws IOException {
        MachineInfo machine = new MachineInfo(2, "Test CPU", "amd64", "Linux 6", "Test VM 25", 1L << 30,
                "Species[float, 16, S_512_BIT]", "Species[double, 8, S_512_BIT]", "default (all cores)");
        ResultTable table = ResultTable.of(synthetic());
        Map<String, Object> doc = ResultFile.document(machine, Map.of("quick", false), table,
                Instant.parse("2026-01-02T03:04:05Z"));
        Files.writeString(dir.resolve(ResultFile.NAME), "old contents");

        Path written = ResultFile.write(dir, doc);

        assertThat(written).isEqualTo(dir.resolve("bench-results.json"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(written);
        }
        String json = Files.readString(written, StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\n  \"created\": \"2026-01-02T03:04:05Z\",")
                .contains("\"cores\": 2").contains("\"os_arch\": \"amd64\"").contains("\"jvm\": \"Test VM 25\"")
                .contains("\"float_species\": \"Species[float, 16, S_512_BIT]\"");
        assertThat(number(json, "stream_triad_gb_per_s")).isCloseTo(20, within(EPS));
        assertThat(number(json, "f32")).isCloseTo(80, within(EPS));
        assertThat(Pattern.compile("\"benchmark\": ").matcher(json).results().count()).isEqualTo(9);
        assertThat(json).contains("\"estimated\": true").contains("\"speedup_estimated\": true")
                .contains("\"baseline\": \"FMA f64\"").contains("\"gb_per_s\": null");
        // The vector add row, field by field.
        String addRow = Stream.of(json.split("\"benchmark\": ")).filter(r -> r.startsWith("\"ElementwiseBench.add\""))
                .filter(r -> r.contains("\"backend\": \"vector\"")).findFirst().orElseThrow();
        assertThat(number(addRow, "gb_per_s")).isCloseTo(16, within(EPS));
        assertThat(number(addRow, "speedup_vs_reference")).isCloseTo(8, within(EPS));
        assertThat(number(addRow, "baseline_fraction")).isCloseTo(0.8, within(EPS));
        assertThat(number(addRow, "bytes")).isEqualTo(12.0 * M16);
    }

    /** The first number after {@code "key": } in {@code json}. */
    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": (-?[0-9.Ee+-]+)").matcher(json);
        Optional<String> found = m.find() ? Optional.of(m.group(1)) : Optional.empty();
        return Double.parseDouble(found.orElseThrow(() -> new AssertionError("no number for " + key + " in " + json)));
    }
}
