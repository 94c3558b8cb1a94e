package dev.adjoint.api.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.SampleSpec;
import dev.adjoint.api.spi.Storage;
import dev.adjoint.api.spi.UnaryOp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks that the conformance kit can fail: deliberately broken backends (the reference with one kernel
 * perturbed) must fail exactly the cases of the broken ops, with messages that say what went wrong.
 */
class ConformanceKitSelfTest {
    private static final Backend REFERENCE = Backends.byName("reference");

    /** The reference with {@code exp} off by a relative 1e-4 and {@code gather} off by one in its first element. */
    static final class Broken extends DelegatingBackend {
        Broken() {
            super("broken", REFERENCE);
        }

        @Override
        public Storage unary(UnaryOp op, Storage x) {
            Storage s = super.unary(op, x);
            return op == UnaryOp.EXP ? scale(s, 1 + 1e-4) : s;
        }

        @Override
        public Storage gather(Storage x, Shape shape, int axis, Storage idx, int count) {
            Storage s = super.gather(x, shape, axis, idx, count);
            return s.size() == 0 ? s : bumpFirst(s);
        }
    }

    private static Storage scale(Storage s, double factor) {
        HeapStorage h = (HeapStorage) s;
        return switch (s.dtype()) {
            case FLOAT32 -> {
                float[] f = h.f32().clone();
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) (f[i] * factor);
                }
                yield HeapStorage.of(f);
            }
            case FLOAT64 -> {
                double[] d = h.f64().clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= factor;
                }
                yield HeapStorage.of(d);
            }
            case INT32 -> s;
        };
    }

    private static Storage bumpFirst(Storage s) {
        HeapStorage h = (HeapStorage) s;
        return switch (s.dtype()) {
            case FLOAT32 -> {
                float[] f = h.f32().clone();
                f[0] += 1;
                yield HeapStorage.of(f);
            }
            case FLOAT64 -> {
                double[] d = h.f64().clone();
                d[0] += 1;
                yield HeapStorage.of(d);
            }
            case INT32 -> {
                int[] v = h.i32().clone();
                v[0] += 1;
                yield HeapStorage.of(v);
            }
        };
    }

    @Test
    void brokenBackendFailsExactlyTheCasesOfTheBrokenOps() {
        Backend broken = new Broken();
        Set<String> failed = new TreeSet<>();
        Set<String> shouldFail = new TreeSet<>();
        for (Case c : ConformanceKit.cases()) {
            boolean brokenOp = c.op().equals("exp") || c.op().equals("gather");
            if (brokenOp && c.expectedError() == null && outputSize(c) > 0) {
                shouldFail.add(c.name());
            }
            try {
                ConformanceKit.check(c, broken, REFERENCE);
            } catch (AssertionError e) {
                failed.add(c.name());
            }
        }
        assertThat(shouldFail).contains("exp float32 (17,)", "exp float64 (1029,)", "exp float32 special values",
                "gather int32 (5, 7, 3) axis 1 10 indices", "gather float64 (1029,) axis 0 33 indices");
        assertThat(failed).isEqualTo(shouldFail);
    }

    @Test
    void handComputedCasesCatchTheBrokenOps() {
        Backend broken = new Broken();
        Set<String> failed = new TreeSet<>();
        Set<String> shouldFail = new TreeSet<>();
        for (HandComputedCases.Expectation h : HandComputedCases.cases()) {
            String op = h.computation().op();
            if (op.equals("exp") || op.equals("gather")) {
                shouldFail.add(h.name());
            }
            try {
                h.check(broken);
            } catch (AssertionError e) {
                failed.add(h.name());
            }
        }
        assertThat(shouldFail).hasSize(2 + 5);
        assertThat(failed).isEqualTo(shouldFail);
    }

    @Test
    void failureMessageNamesOpDtypeShapeWorstIndexValuesAndTolerance() {
        Case exp = find("exp float32 (3, 4, 5)");
        assertThatThrownBy(() -> ConformanceKit.check(exp, new Broken(), REFERENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exp float32 (3, 4, 5)")
                .hasMessageContaining("on broken")
                .hasMessageContaining("of 60 elements differ")
                .hasMessageContaining("worst at index [")
                .hasMessageContaining("expected ")
                .hasMessageContaining(", got ")
                .hasMessageContaining("rtol 4.0e-06");
        Case gather = find("gather int32 (7,) axis 0 12 indices");
        assertThatThrownBy(() -> ConformanceKit.check(gather, new Broken(), REFERENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gather int32 (7,)")
                .hasMessageContaining("1 of 12 elements differ")
                .hasMessageContaining("index [0] (flat 0)")
                .hasMessageContaining("exact");
    }

    @Test
    void kernelThatWritesItsInputIsCaught() {
        Backend scribbler = new DelegatingBackend("scribbler", REFERENCE) {
            @Override
            public Storage unary(UnaryOp op, Storage x) {
                Storage s = super.unary(op, x);
                if (op == UnaryOp.NEG && x.dtype() == DType.FLOAT64 && x.size() > 0) {
                    ((HeapStorage) x).f64()[0] = 42;
                }
                return s;
            }
        };
        assertThatThrownBy(() -> ConformanceKit.check(find("neg float64 (13,)"), scribbler, REFERENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("neg float64 (13,)")
                .hasMessageContaining("was modified by backend scribbler");
        ConformanceKit.check(find("neg float32 (13,)"), scribbler, REFERENCE);
    }

    @Test
    void kernelThatThrowsOrSwallowsErrorsIsCaught() {
        Backend missing = new DelegatingBackend("missing", REFERENCE) {
            @Override
            public Storage gridSampleAdjoint(Storage values, Storage points, SampleSpec spec) {
                throw new UnsupportedOperationException("no adjoint here");
            }

            @Override
            public Storage gather(Storage x, Shape shape, int axis, Storage idx, int count) {
                try {
                    return super.gather(x, shape, axis, idx, count);
                } catch (IndexOutOfBoundsException e) {
                    return super.zeros(x.dtype(), count * (shape.size() / Math.max(1, shape.dim(axis))));
                }
            }
        };
        Case adjoint = ConformanceKit.cases().stream().filter(c -> c.op().equals("sampleAdjoint")).findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> ConformanceKit.check(adjoint, missing, REFERENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(adjoint.name())
                .hasMessageContaining("backend missing threw java.lang.UnsupportedOperationException: no adjoint here");
        assertThatThrownBy(() -> ConformanceKit.check(find("gather float32 index 7 out of range for (5, 7) axis 1"),
                missing, REFERENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected IndexException from backend missing, got a result");
    }

    @Test
    void caseNamesAreUniqueAndEveryFamilyIsCovered() {
        List<Case> cases = ConformanceKit.cases();
        Set<String> names = new HashSet<>();
        for (Case c : cases) {
            assertThat(names.add(c.name())).as("duplicate case name %s", c.name()).isTrue();
        }
        Set<String> ops = new TreeSet<>();
        cases.forEach(c -> ops.add(c.op()));
        for (UnaryOp op : UnaryOp.values()) {
            assertThat(ops).contains(ElementwiseCases.name(op));
        }
        assertThat(ops).contains("add", "sub", "mul", "div", "pow", "max", "min", "atan2", "mod", "eq", "ne", "lt",
                "le", "gt", "ge", "where", "cast", "sum", "prod", "argmax", "argmin", "mean", "matmul", "conv",
                "convTranspose", "convWeightGrad", "permute", "slice", "broadcastTo", "concat", "stack", "pad", "shift",
                "gather", "scatterAdd", "sample", "sampleAdjoint", "fft", "ifft", "rfft", "irfft", "radiusNeighbors",
                "zeros", "full", "arange", "linspace", "roundTrip", "transfer", "uniform", "normal", "randint");
    }

    @Test
    void toleranceComparesBitsWhenExactAndValuesOtherwise() {
        HostArray zero = HostArray.of(new double[] {0.0, Double.NaN, Double.POSITIVE_INFINITY});
        HostArray negZero = HostArray.of(new double[] {-0.0, Double.NaN, Double.POSITIVE_INFINITY});
        assertThatThrownBy(() -> Tolerance.EXACT.check("x", zero, negZero)).hasMessageContaining("index [0]");
        Tolerance.elementwise(DType.FLOAT64).check("x", zero, negZero);
        HostArray inf = HostArray.of(new double[] {0.0, Double.NaN, Double.NEGATIVE_INFINITY});
        assertThatThrownBy(() -> new Tolerance(1, 1).check("x", zero, inf)).hasMessageContaining("index [2]");
        assertThat(new Tolerance(1e-3, 0).accepts(1000, 1000.9)).isTrue();
        assertThat(new Tolerance(1e-3, 0).accepts(1000, 1001.1)).isFalse();
        assertThat(new Tolerance(0, 0.5).accepts(0, -0.5)).isTrue();
        assertThat(new Tolerance(1, 1).accepts(Double.NaN, 0)).isFalse();
        assertThatThrownBy(() -> Tolerance.EXACT.check("y", zero, zero.reshape(3, 1)))
                .hasMessageContaining("y: shape (3, 1), expected (3,)");
        assertThatThrownBy(() -> Tolerance.EXACT.check("z", zero, zero.as(DType.FLOAT32)))
                .hasMessageContaining("z: dtype float32, expected float64");
    }

    private static long outputSize(Case c) {
        return c.run(REFERENCE).stream().mapToLong(HostArray::size).sum();
    }

    private static Case find(String name) {
        return ConformanceKit.cases().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no case named " + name));
    }
}
