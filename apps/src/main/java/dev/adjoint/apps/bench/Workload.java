package dev.adjoint.apps.bench;

import java.util.Map;

/**
 * What one operation of a benchmark moves and computes, and which machine baseline it is judged against.
 *
 * @param kind     memory-bound, compute-bound, one of the two baselines, or unknown
 * @param size     a short label of the problem size, e.g. {@code 16M f32} or {@code 1024^2 f64}
 * @param dtype    {@code f32} or {@code f64}: the FMA peak compute-bound rows are compared with
 * @param bytes    bytes read and written per operation, counting each array once (0 when not meaningful)
 * @param flops    floating-point operations per operation (0 when not meaningful)
 * @param items    grid cells or points per operation (0 when not reported)
 * @param itemName what {@code items} counts, e.g. {@code cell}
 */
public record Workload(Kind kind, String size, String dtype, double bytes, double flops, double items,
        String itemName) {

    /** How a benchmark's throughput is measured and which baseline it is compared with. */
    public enum Kind {
        /** Bounded by memory bandwidth: reported in GB/s, compared with the STREAM triad. */
        MEMORY,
        /** Bounded by arithmetic: reported in GFLOP/s, compared with the FMA peak of its dtype. */
        COMPUTE,
        /** The STREAM triad baseline itself (GB/s). */
        STREAM_BASELINE,
        /** The FMA peak baseline itself (GFLOP/s), one per dtype. */
        FMA_BASELINE,
        /** A benchmark this table does not know: only its time is reported. */
        UNKNOWN
    }

    /**
     * The workload of one benchmark method ({@code SimpleClassName.method}) with the given JMH parameters.
     * Elementwise binary ops move 3 arrays (2 read, 1 written), unary ones 2; reductions read one; matmul does
     * {@code 2 n^3} flops; a convolution {@code 2 N Cout Cin k^2 H W} forward and three times that forward plus
     * backward; the Laplacian reads and writes each cell once; sampling reads the points and the field once
     * and writes one value per point. The {@code nn} layer rows: the convolution layer counts like the op, the
     * U-Net step three times its forward convolution FLOPs; the point convolutions report particles per second.
     */
    public static Workload of(String benchmark, Map<String, String> params) {
        int dot = benchmark.indexOf('.');
        String type = dot < 0 ? benchmark : benchmark.substring(0, dot);
        String method = dot < 0 ? "" : benchmark.substring(dot + 1);
        switch (type) {
            case "ElementwiseBench": {
                long n = longParam(params, "size");
                int arrays = method.equals("add") || method.equals("mul") ? 3 : 2;
                return memory(count(n) + " f32", "f32", arrays * 4.0 * n, n, "element");
            }
            case "ReductionBench": {
                long n = longParam(params, "size");
                return memory(count(n) + " f32", "f32", 4.0 * n, n, "element");
            }
            case "MatmulBench": {
                long n = longParam(params, "n");
                String dtype = params.getOrDefault("dtype", "f32");
                int width = dtype.equals("f64") ? 8 : 4;
                return new Workload(Kind.COMPUTE, n + "^2 " + dtype, dtype, 3.0 * n * n * width, 2.0 * n * n * n,
                        0, "");
            }
            case "ConvBench": {
                double forward = ConvBench.forwardFlops();
                String size = ConvBench.BATCH + "x" + ConvBench.CHANNELS + "x" + ConvBench.SIZE + "^2 k"
                        + ConvBench.KERNEL + " f32";
                return new Workload(Kind.COMPUTE, size, "f32", 0, method.equals("forward") ? forward : 3 * forward,
                        0, "");
            }
            case "ConvLayerBench": {
                String size = ConvLayerBench.BATCH + "x" + ConvLayerBench.CHANNELS + "x" + ConvLayerBench.SIZE
                        + "^2 k" + ConvLayerBench.KERNEL + " f32";
                return new Workload(Kind.COMPUTE, size, "f32", 0, 3 * ConvLayerBench.forwardFlops(), 0, "");
            }
            case "UNetStepBench": {
                String size = UNetStepBench.BATCH + "x1x" + UNetStepBench.SIZE + "^2 L" + UNetStepBench.LEVELS
                        + " c" + UNetStepBench.BASE_FILTERS + " f32";
                return new Workload(Kind.COMPUTE, size, "f32", 0, UNetStepBench.stepFlops(), 0, "");
            }
            case "CconvBench": {
                String size = count(CconvBench.PARTICLES) + " pts " + CconvBench.DIMS + "D c" + CconvBench.CHANNELS
                        + " " + params.getOrDefault("layer", "");
                return new Workload(Kind.UNKNOWN, size, "f32", 0, 0, CconvBench.PARTICLES, "particle");
            }
            case "CconvSearchBench":
                return new Workload(Kind.UNKNOWN, count(CconvBench.PARTICLES) + " pts " + CconvBench.DIMS + "D", "f32",
                        0, 0, CconvBench.PARTICLES, "particle");
            case "SmokeBench": {
                long n = longParam(params, "size");
                String obstacle = params.getOrDefault("obstacle", "none");
                return new Workload(Kind.UNKNOWN, n + "^2 f32" + (obstacle.equals("none") ? "" : " " + obstacle),
                        "f32", 0, 0, (double) n * n, "cell");
            }
            case "SmokeRolloutBench": {
                long n = longParam(params, "size");
                return new Workload(Kind.UNKNOWN, n + "^2 f32 x" + SmokeRolloutBench.STEPS + " steps", "f32", 0, 0,
                        (double) n * n, "cell");
            }
            case "LaplacianBench": {
                long n = longParam(params, "size");
                return memory(n + "^2 f32", "f32", 8.0 * n * n, (double) n * n, "cell");
            }
            case "SampleBench": {
                long n = longParam(params, "size");
                double points = (double) n * n;
                // Points (2 coordinates) read, one value written per point, and the n*n field read once.
                return memory(n + "^2 @ " + count(n * n) + " pts", "f32", points * 12.0 + 4.0 * n * n, points, "point");
            }
            case "StreamTriadBench":
                return new Workload(Kind.STREAM_BASELINE, "3x" + count(StreamTriadBench.LENGTH) + " f64", "f64",
                        24.0 * StreamTriadBench.LENGTH, 2.0 * StreamTriadBench.LENGTH, 0, "");
            case "FmaPeakBench": {
                String dtype = params.getOrDefault("dtype", "f32");
                return new Workload(Kind.FMA_BASELINE, Runtime.getRuntime().availableProcessors() + " threads "
                        + dtype, dtype, 0, FmaPeakBench.flopsPerOp(dtype), 0, "");
            }
            default:
                return new Workload(Kind.UNKNOWN, String.valueOf(params), "", 0, 0, 0, "");
        }
    }

    private static Workload memory(String size, String dtype, double bytes, double items, String itemName) {
        return new Workload(Kind.MEMORY, size, dtype, bytes, 0, items, itemName);
    }

    private static long longParam(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("benchmark parameter '" + name + "' is missing from " + params);
        }
        return Long.parseLong(v);
    }

    /** 1024 -> 1K, 65536 -> 64K, 16777216 -> 16M; other counts as they are. */
    static String count(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + "M";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + "K";
        }
        return Long.toString(n);
    }
}
