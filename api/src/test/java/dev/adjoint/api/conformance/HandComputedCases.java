package dev.adjoint.api.conformance;

import dev.adjoint.api.Boundary;
import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.ConvSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Small fixed inputs with their expected outputs written out by hand, one or a few per op family. The kit
 * runs them on the backend under test, which is how the reference backend itself is checked against
 * independently known values (comparing it with itself would prove nothing). The Philox case uses the
 * published Random123 known-answer vector.
 */
public final class HandComputedCases {
    /** A computation and the results it must give. */
    public record Expectation(Case computation, List<HostArray> expected) {
        /** The computation's name. */
        public String name() {
            return computation.name();
        }

        /**
         * Runs the computation on {@code backend} and throws an {@link AssertionError} naming the case, the
         * worst element and the tolerance if a result differs from the expected one.
         */
        public void check(dev.adjoint.api.spi.Backend backend) {
            List<HostArray> actual = computation.run(backend);
            if (actual.size() != expected.size()) {
                throw new AssertionError(name() + ": " + actual.size() + " results, expected " + expected.size());
            }
            for (int k = 0; k < expected.size(); k++) {
                String what = name() + " on " + backend.name() + (expected.size() > 1 ? " result " + k : "");
                computation.tolerance().check(what, expected.get(k), actual.get(k));
            }
        }
    }

    private static final double E = 2.718281828459045;

    private HandComputedCases() {
    }

    /** All hand-computed cases. */
    public static List<Expectation> cases() {
        List<Expectation> out = new ArrayList<>();
        for (DType dt : Shapes.FLOATS) {
            elementwise(out, dt);
            reductions(out, dt);
            linear(out, dt);
            layout(out, dt);
            indexing(out, dt);
            spectral(out, dt);
            sampling(out, dt);
            neighbors(out, dt);
            creation(out, dt);
        }
        integers(out);
        random(out);
        return out;
    }

    private static void elementwise(List<Expectation> out, DType dt) {
        add(out, "exp", dt, "[0, 1, -1, 2]", in -> in[0].exp(), List.of(v(dt, 0, 1, -1, 2)),
                v(dt, 1, E, 1 / E, 7.38905609893065));
        add(out, "sqrt", dt, "[4, 2.25, 0]", in -> in[0].sqrt(), List.of(v(dt, 4, 2.25, 0)), v(dt, 2, 1.5, 0));
        add(out, "add", dt, "[1, 2, 3] + [10]", in -> in[0].add(in[1]), List.of(v(dt, 1, 2, 3), v(dt, 10)),
                v(dt, 11, 12, 13));
        add(out, "sub", dt, "[[1], [2]] - [10, 20, 30]", in -> in[0].sub(in[1]),
                List.of(m(dt, new int[] {2, 1}, 1, 2), v(dt, 10, 20, 30)),
                m(dt, new int[] {2, 3}, -9, -19, -29, -8, -18, -28));
        add(out, "mod", dt, "[5.5, -5.5] % [2, 2]", in -> in[0].mod(in[1]), List.of(v(dt, 5.5, -5.5), v(dt, 2, 2)),
                v(dt, 1.5, 0.5));
        add(out, "maximum", dt, "[1, NaN, 3] max [2, 0, NaN]", in -> in[0].maximum(in[1]),
                List.of(v(dt, 1, Double.NaN, 3), v(dt, 2, 0, Double.NaN)), v(dt, 2, Double.NaN, Double.NaN));
        add(out, "relu", dt, "[-1, 0, 2]", in -> in[0].relu(), List.of(v(dt, -1, 0, 2)), v(dt, 0, 0, 2));
        add(out, "round", dt, "[0.5, 1.5, 2.5, -0.5, -1.5, 2.6]", in -> in[0].round(),
                List.of(v(dt, 0.5, 1.5, 2.5, -0.5, -1.5, 2.6)), v(dt, 0, 2, 2, -0.0, -2, 3));
        add(out, "lt", dt, "[1, 2, 3] < [2]", in -> in[0].lt(in[1]), List.of(v(dt, 1, 2, 3), v(dt, 2)),
                HostArray.of(new int[] {1, 0, 0}));
        add(out, "eq", dt, "[NaN, 1] == [NaN, 1]", in -> in[0].eq(in[1]),
                List.of(v(dt, Double.NaN, 1), v(dt, Double.NaN, 1)), HostArray.of(new int[] {0, 1}));
        add(out, "where", dt, "[1, 0, 1] ? [1, 2, 3] : [10]", in -> Tensor.where(in[0], in[1], in[2]),
                List.of(HostArray.of(new int[] {1, 0, 1}), v(dt, 1, 2, 3), v(dt, 10)), v(dt, 1, 10, 3));
        add(out, "cast", dt, "[2.7, -2.7, NaN, -0.5] to int32", in -> in[0].cast(DType.INT32),
                List.of(v(dt, 2.7, -2.7, Double.NaN, -0.5)), HostArray.of(new int[] {2, -2, 0, 0}));
    }

    private static void reductions(List<Expectation> out, DType dt) {
        HostArray x = m(dt, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        add(out, "sum", dt, "[[1, 2, 3], [4, 5, 6]] axis 0", in -> in[0].sum(0), List.of(x), v(dt, 5, 7, 9));
        add(out, "sum", dt, "[[1, 2, 3], [4, 5, 6]] axis 1", in -> in[0].sum(1), List.of(x), v(dt, 6, 15));
        add(out, "sum", dt, "[[1, 2, 3], [4, 5, 6]] all axes", in -> in[0].sum(), List.of(x),
                HostArray.exact(dt, new double[] {21}, new int[0]));
        add(out, "prod", dt, "[[1, 2, 3], [4, 5, 6]] axis 1", in -> in[0].prod(1), List.of(x), v(dt, 6, 120));
        add(out, "max", dt, "[[1, 2, 3], [4, 5, 6]] axis 1", in -> in[0].max(1), List.of(x), v(dt, 3, 6));
        add(out, "mean", dt, "[[1, 2, 3], [4, 5, 6]] axis 0", in -> in[0].mean(0), List.of(x), v(dt, 2.5, 3.5, 4.5));
        HostArray ties = m(dt, new int[] {2, 3}, 1, 3, 3, 2, 2, 1);
        add(out, "argmax", dt, "[[1, 3, 3], [2, 2, 1]] axis 1 (first of ties)", in -> in[0].argmax(1), List.of(ties),
                HostArray.of(new int[] {1, 0}));
        add(out, "argmin", dt, "[[1, 3, 3], [2, 2, 1]] axis 0 (first of ties)", in -> in[0].argmin(0), List.of(ties),
                HostArray.of(new int[] {0, 1, 1}));
    }

    private static void linear(List<Expectation> out, DType dt) {
        HostArray a = m(dt, new int[] {2, 2}, 1, 2, 3, 4);
        HostArray b = m(dt, new int[] {2, 2}, 5, 6, 7, 8);
        HostArray c = m(dt, new int[] {2, 2}, 19, 22, 43, 50);
        add(out, "matmul", dt, "[[1, 2], [3, 4]] @ [[5, 6], [7, 8]]", in -> in[0].matmul(in[1]), List.of(a, b), c);
        add(out, "matmul", dt, "[[1, 3], [2, 4]]^T @ [[5, 7], [6, 8]]^T", in -> Tensor.matmul(in[0], in[1], true, true),
                List.of(m(dt, new int[] {2, 2}, 1, 3, 2, 4), m(dt, new int[] {2, 2}, 5, 7, 6, 8)), c);
        HostArray x = m(dt, new int[] {1, 1, 5}, 1, 2, 3, 4, 5);
        add(out, "conv", dt, "[1..5] * [1, 0, -1]", in -> in[0].conv(in[1]),
                List.of(x, m(dt, new int[] {1, 1, 3}, 1, 0, -1)), m(dt, new int[] {1, 1, 3}, -2, -2, -2));
        add(out, "conv", dt, "[1..5] * [1, 0, -1] periodic padding 1",
                in -> in[0].conv(in[1], ConvOptions.defaults().periodic().padding(1)),
                List.of(x, m(dt, new int[] {1, 1, 3}, 1, 0, -1)), m(dt, new int[] {1, 1, 5}, 3, -2, -2, -2, 3));
        add(out, "conv", dt, "[1..5] * [1, 1, 1] stride 2 padding 1",
                in -> in[0].conv(in[1], ConvOptions.defaults().stride(2).padding(1)),
                List.of(x, m(dt, new int[] {1, 1, 3}, 1, 1, 1)), m(dt, new int[] {1, 1, 3}, 3, 9, 9));
        add(out, "convTranspose", dt, "[1, 2] * [1, 1, 1] stride 2",
                in -> in[0].convTranspose(in[1], ConvOptions.defaults().stride(2)),
                List.of(m(dt, new int[] {1, 1, 2}, 1, 2), m(dt, new int[] {1, 1, 3}, 1, 1, 1)),
                m(dt, new int[] {1, 1, 5}, 1, 1, 3, 2, 2));
        ConvSpec spec = new ConvSpec(1, 1, 1, 1, 1, new int[] {3}, new int[] {2}, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {0}, false);
        Case weightGrad = Case.many("hand", "convWeightGrad",
                "convWeightGrad " + dt.label() + " x [1, 2, 3], dy [1, 1], kernel 2", tol(dt),
                (be, in) -> List.of(Tensor.fromStorage(be, be.convWeightGrad(in[0].storage(), in[1].storage(), spec),
                        Shape.of(1, 1, 2))),
                m(dt, new int[] {1, 1, 3}, 1, 2, 3), m(dt, new int[] {1, 1, 2}, 1, 1));
        out.add(new Expectation(weightGrad, List.of(m(dt, new int[] {1, 1, 2}, 3, 5))));
    }

    private static void layout(List<Expectation> out, DType dt) {
        HostArray x = v(dt, 1, 2, 3);
        int[] two = {2};
        add(out, "pad", dt, "[1, 2, 3] CONSTANT by 2", in -> in[0].pad(two, two, PadMode.CONSTANT), List.of(x),
                v(dt, 0, 0, 1, 2, 3, 0, 0));
        add(out, "pad", dt, "[1, 2, 3] PERIODIC by 2", in -> in[0].pad(two, two, PadMode.PERIODIC), List.of(x),
                v(dt, 2, 3, 1, 2, 3, 1, 2));
        add(out, "pad", dt, "[1, 2, 3] EDGE by 2", in -> in[0].pad(two, two, PadMode.EDGE), List.of(x),
                v(dt, 1, 1, 1, 2, 3, 3, 3));
        add(out, "pad", dt, "[1, 2, 3] REFLECT by 2", in -> in[0].pad(two, two, PadMode.REFLECT), List.of(x),
                v(dt, 3, 2, 1, 2, 3, 2, 1));
        add(out, "pad", dt, "[1, 2, 3] SYMMETRIC by 2", in -> in[0].pad(two, two, PadMode.SYMMETRIC), List.of(x),
                v(dt, 2, 1, 1, 2, 3, 3, 2));
        add(out, "pad", dt, "[1, 2, 3] REFLECT by 5 before", in -> in[0].pad(new int[] {5}, new int[] {0},
                PadMode.REFLECT), List.of(x), v(dt, 2, 1, 2, 3, 2, 1, 2, 3));
        add(out, "shift", dt, "[1, 2, 3, 4] PERIODIC by 1", in -> in[0].shift(0, 1, PadMode.PERIODIC),
                List.of(v(dt, 1, 2, 3, 4)), v(dt, 4, 1, 2, 3));
        add(out, "shift", dt, "[1, 2, 3, 4] CONSTANT by -1", in -> in[0].shift(0, -1, PadMode.CONSTANT),
                List.of(v(dt, 1, 2, 3, 4)), v(dt, 2, 3, 4, 0));
        add(out, "permute", dt, "[[1, 2, 3], [4, 5, 6]]", in -> in[0].permute(1, 0),
                List.of(m(dt, new int[] {2, 3}, 1, 2, 3, 4, 5, 6)), m(dt, new int[] {3, 2}, 1, 4, 2, 5, 3, 6));
        add(out, "slice", dt, "[1, 2, 3, 4, 5][::-2]", in -> in[0].slice(0, -1, Integer.MIN_VALUE, -2),
                List.of(v(dt, 1, 2, 3, 4, 5)), v(dt, 5, 3, 1));
        add(out, "broadcastTo", dt, "[1, 2] to (2, 2)", in -> in[0].broadcastTo(2, 2), List.of(v(dt, 1, 2)),
                m(dt, new int[] {2, 2}, 1, 2, 1, 2));
        add(out, "concat", dt, "[1, 2] + [3]", in -> Tensor.concat(0, in[0], in[1]), List.of(v(dt, 1, 2), v(dt, 3)),
                v(dt, 1, 2, 3));
        add(out, "stack", dt, "[1, 2], [3, 4] axis 1", in -> Tensor.stack(1, in[0], in[1]),
                List.of(v(dt, 1, 2), v(dt, 3, 4)), m(dt, new int[] {2, 2}, 1, 3, 2, 4));
    }

    private static void indexing(List<Expectation> out, DType dt) {
        add(out, "gather", dt, "[10, 20, 30, 40] at [3, 0, 3]", in -> in[0].gather(0, in[1]),
                List.of(v(dt, 10, 20, 30, 40), HostArray.of(new int[] {3, 0, 3})), v(dt, 40, 10, 40));
        add(out, "gather", dt, "[[1, 2, 3], [4, 5, 6]] axis 1 at [2, 2, 0]", in -> in[0].gather(1, in[1]),
                List.of(m(dt, new int[] {2, 3}, 1, 2, 3, 4, 5, 6), HostArray.of(new int[] {2, 2, 0})),
                m(dt, new int[] {2, 3}, 3, 3, 1, 6, 6, 4));
        add(out, "scatterAdd", dt, "[1, 2, 3] to [2, 0, 2] size 4", in -> in[0].scatterAdd(0, in[1], 4),
                List.of(v(dt, 1, 2, 3), HostArray.of(new int[] {2, 0, 2})), v(dt, 2, 0, 4, 0));
    }

    private static void spectral(List<Expectation> out, DType dt) {
        HostArray signal = m(dt, new int[] {4, 2}, 1, 0, 2, 0, 3, 0, 4, 0);
        HostArray spectrum = m(dt, new int[] {4, 2}, 10, 0, -2, 2, -2, 0, -2, -2);
        add(out, "fft", dt, "[1, 2, 3, 4]", in -> in[0].fft(1), List.of(signal), spectrum);
        add(out, "ifft", dt, "[10, -2+2i, -2, -2-2i]", in -> in[0].ifft(1), List.of(spectrum), signal);
        add(out, "rfft", dt, "[1, 2, 3, 4]", in -> in[0].rfft(1), List.of(v(dt, 1, 2, 3, 4)),
                m(dt, new int[] {3, 2}, 10, 0, -2, 2, -2, 0));
        add(out, "irfft", dt, "[10, -2+2i, -2] lastSize 4", in -> in[0].irfft(1, 4),
                List.of(m(dt, new int[] {3, 2}, 10, 0, -2, 2, -2, 0)), v(dt, 1, 2, 3, 4));
        add(out, "fft", dt, "2-D [[1, 2], [3, 4]]", in -> in[0].fft(2),
                List.of(m(dt, new int[] {2, 2, 2}, 1, 0, 2, 0, 3, 0, 4, 0)),
                m(dt, new int[] {2, 2, 2}, 10, 0, -2, 0, -4, 0, 0, 0));
    }

    private static void sampling(List<Expectation> out, DType dt) {
        HostArray grid = m(dt, new int[] {3, 1}, 2, 4, 8);
        HostArray points = m(dt, new int[] {5, 1}, 0.5, 1.25, 2, -0.5, 2.5);
        add(out, "sample", dt, "[2, 4, 8] CLAMP", in -> in[0].sample(in[1], Boundary.CLAMP), List.of(grid, points),
                m(dt, new int[] {5, 1}, 3, 5, 8, 2, 8));
        add(out, "sample", dt, "[2, 4, 8] ZERO", in -> in[0].sample(in[1], Boundary.ZERO), List.of(grid, points),
                m(dt, new int[] {5, 1}, 3, 5, 8, 1, 4));
        add(out, "sample", dt, "[2, 4, 8] PERIODIC", in -> in[0].sample(in[1], Boundary.PERIODIC), List.of(grid, points),
                m(dt, new int[] {5, 1}, 3, 5, 8, 5, 5));
        add(out, "sample", dt, "2-D [[0, 1], [2, 3]] bilinear", in -> in[0].sample(in[1]),
                List.of(m(dt, new int[] {2, 2, 1}, 0, 1, 2, 3), m(dt, new int[] {3, 2}, 0.5, 0.5, 1, 0.25, 0.25, 1)),
                m(dt, new int[] {3, 1}, 1.5, 2.25, 1.5));
        add(out, "sampleAdjoint", dt, "[1, 2] at [0.25, 2] onto size 3", in -> in[0].sampleAdjoint(in[1], new int[] {3}),
                List.of(m(dt, new int[] {2, 1}, 1, 2), m(dt, new int[] {2, 1}, 0.25, 2)),
                m(dt, new int[] {3, 1}, 0.75, 0.25, 2));
    }

    private static void neighbors(List<Expectation> out, DType dt) {
        HostArray points = m(dt, new int[] {3, 1}, 0, 1, 2.5);
        HostArray queries = m(dt, new int[] {2, 1}, 0, 2);
        Case open = Case.many("hand", "radiusNeighbors", "radiusNeighbors " + dt.label() + " [0, 1, 2.5] from [0, 2] radius 1",
                Tolerance.EXACT, (be, in) -> {
                    var g = in[0].radiusNeighbors(in[1], 1.0);
                    return List.of(g.rowOffsets(), g.columns());
                }, points, queries);
        out.add(new Expectation(open, List.of(HostArray.of(new int[] {0, 2, 4}), HostArray.of(new int[] {0, 1, 1, 2}))));
        Case periodic = Case.many("hand", "radiusNeighbors",
                "radiusNeighbors " + dt.label() + " [0, 1, 2.5] from [0, 2] radius 1 periodic box 3", Tolerance.EXACT,
                (be, in) -> {
                    var g = in[0].radiusNeighbors(in[1], 1.0, new double[] {3});
                    return List.of(g.rowOffsets(), g.columns());
                }, points, queries);
        out.add(new Expectation(periodic, List.of(HostArray.of(new int[] {0, 3, 6}),
                HostArray.of(new int[] {0, 1, 2, 0, 1, 2}))));
    }

    private static void creation(List<Expectation> out, DType dt) {
        add(out, "arange", dt, "0..1 step 0.25", in -> Tensor.arange(0, 1, 0.25, dt), List.of(), v(dt, 0, 0.25, 0.5, 0.75));
        add(out, "linspace", dt, "0..1 num 5", in -> Tensor.linspace(0, 1, 5, dt), List.of(),
                v(dt, 0, 0.25, 0.5, 0.75, 1));
        add(out, "full", dt, "(2, 2) of 1.5", in -> Tensor.full(dt, 1.5, 2, 2), List.of(), m(dt, new int[] {2, 2}, 1.5, 1.5, 1.5, 1.5));
    }

    private static void integers(List<Expectation> out) {
        DType i = DType.INT32;
        add(out, "add", i, "[1, 2, 3] + [10]", in -> in[0].add(in[1]), List.of(v(i, 1, 2, 3), v(i, 10)), v(i, 11, 12, 13));
        add(out, "div", i, "[7, -7, 7, -7] / [2, 2, -2, -2] (floor)", in -> in[0].div(in[1]),
                List.of(v(i, 7, -7, 7, -7), v(i, 2, 2, -2, -2)), v(i, 3, -4, -4, 3));
        add(out, "mod", i, "[7, -7, 7, -7] % [3, 3, -3, -3] (floor)", in -> in[0].mod(in[1]),
                List.of(v(i, 7, -7, 7, -7), v(i, 3, 3, -3, -3)), v(i, 1, 2, -2, -1));
        add(out, "abs", i, "[-3, 0, 4]", in -> in[0].abs(), List.of(v(i, -3, 0, 4)), v(i, 3, 0, 4));
        add(out, "sum", i, "[[1, 2, 3], [4, 5, 6]] axis 1", in -> in[0].sum(1),
                List.of(m(i, new int[] {2, 3}, 1, 2, 3, 4, 5, 6)), v(i, 6, 15));
        add(out, "cast", i, "[3, -4] to float64", in -> in[0].cast(DType.FLOAT64), List.of(v(i, 3, -4)),
                v(DType.FLOAT64, 3, -4));
        add(out, "arange", i, "stop 5", in -> Tensor.arange(5), List.of(), v(i, 0, 1, 2, 3, 4));
        add(out, "gather", i, "[10, 20, 30, 40] at [3, 0, 3]", in -> in[0].gather(0, in[1]),
                List.of(v(i, 10, 20, 30, 40), HostArray.of(new int[] {3, 0, 3})), v(i, 40, 10, 40));
    }

    private static void random(List<Expectation> out) {
        // Philox4x32-10 of counter (0, 0, 0, 0) under key (0, 0) is (0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
        // 0x9b00dbd8) (Random123 known-answer test); element 0 of a RandomKey.of(0) draw uses exactly that block.
        RandomKey key = RandomKey.of(0);
        add(out, "uniform", DType.FLOAT32, "Philox KAT key 0 element 0", in -> Rng.uniform(key, 1), List.of(),
                HostArray.of(new float[] {0x6627e8 * 0x1.0p-24f}));
        add(out, "randint", DType.INT32, "Philox KAT key 0 element 0 in [0, 256)", in -> Rng.randint(key, 0, 256, 1),
                List.of(), HostArray.of(new int[] {0x66}));
        add(out, "bernoulli", DType.INT32, "Philox KAT key 0 element 0 p 0.5", in -> Rng.bernoulli(key, 0.5, 1),
                List.of(), HostArray.of(new int[] {1}));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static void add(List<Expectation> out, String op, DType dt, String label, Function<Tensor[], Tensor> f,
            List<HostArray> inputs, HostArray expected) {
        String name = op + " " + dt.label() + " " + label;
        Case c = Case.of("hand", op, name, tol(dt), f, inputs.toArray(HostArray[]::new));
        out.add(new Expectation(c, List.of(expected)));
    }

    private static Tolerance tol(DType dt) {
        return Tolerance.transcendental(dt);
    }

    private static HostArray v(DType dt, double... values) {
        return HostArray.of(dt, values);
    }

    private static HostArray m(DType dt, int[] shape, double... values) {
        return HostArray.of(dt, values, shape);
    }
}
