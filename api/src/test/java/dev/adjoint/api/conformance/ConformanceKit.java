package dev.adjoint.api.conformance;

import dev.adjoint.api.Backends;
import dev.adjoint.api.spi.Backend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The backend conformance kit. A backend module tests itself by extending this class:
 * <pre>
 * class VectorConformanceTest extends ConformanceKit {
 *     protected Backend backendUnderTest() { return Backends.byName("vector"); }
 * }
 * </pre>
 * Every kernel of the SPI is run on the backend under test and on the {@code reference} backend with
 * identical host inputs from a fixed seed, and the results are compared with the tolerance of each op and
 * dtype ({@link Tolerance}); each case runs as a dynamic test named after its op, dtype and shape, e.g.
 * {@code exp float32 (17,)}, grouped by op family. The {@link HandComputedCases} run on the backend under
 * test as well, against values written out by hand, and {@link #kernelsAreThreadSafe()} runs a sample of the
 * cases from several threads at once.
 *
 * <p>Cases can also be run programmatically: {@link #cases()} lists them and {@link #check(Case, Backend,
 * Backend)} compares one, throwing an {@link AssertionError} on a mismatch.
 */
public abstract class ConformanceKit {
    /** The backend being checked. */
    protected abstract Backend backendUnderTest();

    /** The oracle the backend is compared with: {@code Backends.byName("reference")}. */
    protected Backend referenceBackend() {
        return Backends.byName("reference");
    }

    /** Every case, grouped by op family. */
    @TestFactory
    public Stream<DynamicNode> conformance() {
        Backend under = backendUnderTest();
        Backend reference = referenceBackend();
        Map<String, List<DynamicNode>> families = new LinkedHashMap<>();
        for (Case c : cases()) {
            families.computeIfAbsent(c.family(), f -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(c.name(), () -> check(c, under, reference)));
        }
        return families.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue()));
    }

    /** The hand-computed cases, on the backend under test. */
    @TestFactory
    public Stream<DynamicNode> handComputed() {
        Backend under = backendUnderTest();
        return HandComputedCases.cases().stream()
                .map(h -> DynamicTest.dynamicTest(h.name(), () -> h.check(under)));
    }

    /**
     * Kernels must be safe to call from several threads at once: every fifth case runs twice on four threads
     * at once, and each result must match (within the case's tolerance) what the backend under test gave
     * for it when run alone.
     */
    @Test
    public void kernelsAreThreadSafe() throws InterruptedException {
        Backend under = backendUnderTest();
        List<Case> sample = new ArrayList<>();
        List<List<HostArray>> alone = new ArrayList<>();
        List<Case> all = cases();
        for (int i = 0; i < all.size(); i += 5) {
            Case c = all.get(i);
            if (c.expectedError() == null) {
                Outcome o = attempt(c, under);
                if (o.error() == null) {
                    sample.add(c);
                    alone.add(o.results());
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<String> failures = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (Case c : sample) {
                    futures.add(pool.submit(() -> attempt(c, under)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                Case c = sample.get(k % sample.size());
                Outcome o;
                try {
                    o = futures.get(k).get();
                } catch (ExecutionException e) {
                    o = new Outcome(null, e.getCause());
                }
                try {
                    if (o.error() != null) {
                        throw new AssertionError(c.name() + ": threw " + o.error(), o.error());
                    }
                    List<HostArray> expected = alone.get(k % sample.size());
                    for (int r = 0; r < expected.size(); r++) {
                        c.tolerance().check(c.name() + " run concurrently on " + under.name(), expected.get(r),
                                o.results().get(r));
                    }
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + 2 * sample.size() + " concurrent runs differ from"
                    + " running alone, e.g.:\n  " + String.join("\n  ", failures.subList(0, Math.min(5, failures.size()))));
        }
    }

    /** Every conformance case of the kit, in a fixed order. */
    public static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.addAll(CreationCases.cases());
        all.addAll(ElementwiseCases.cases());
        all.addAll(ReductionCases.cases());
        all.addAll(MatmulCases.cases());
        all.addAll(ConvolutionCases.cases());
        all.addAll(LayoutCases.cases());
        all.addAll(IndexingCases.cases());
        all.addAll(SamplingCases.cases());
        all.addAll(SpectralCases.cases());
        all.addAll(NeighborCases.cases());
        return all;
    }

    /**
     * Runs {@code c} on both backends and compares: the same number of results, each with the reference's
     * dtype and shape and values within the case's tolerance (INT32 exactly). A case with an expected error
     * passes only if both backends throw it. Throws an {@link AssertionError} describing the first
     * difference; an unexpected exception on either side is wrapped in one that names the backend.
     */
    public static void check(Case c, Backend under, Backend reference) {
        Outcome expected = attempt(c, reference);
        Outcome actual = attempt(c, under);
        if (c.expectedError() != null) {
            requireError(c, reference, expected);
            requireError(c, under, actual);
            return;
        }
        if (expected.error() != null) {
            throw new AssertionError(c.name() + ": the reference backend failed: " + expected.error(), expected.error());
        }
        if (actual.error() != null) {
            if (actual.error() instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError(c.name() + ": backend " + under.name() + " threw " + actual.error()
                    + " where the reference returned a result", actual.error());
        }
        if (expected.results().size() != actual.results().size()) {
            throw new AssertionError(c.name() + ": backend " + under.name() + " returned " + actual.results().size()
                    + " results, the reference " + expected.results().size());
        }
        int n = expected.results().size();
        for (int k = 0; k < n; k++) {
            String what = c.name() + (n > 1 ? " (result " + (k + 1) + " of " + n + ")" : "") + " on " + under.name();
            c.tolerance().check(what, expected.results().get(k), actual.results().get(k));
        }
    }

    /** Runs {@code c} on the backend under test against the reference; see {@link #check(Case, Backend, Backend)}. */
    public void check(Case c) {
        check(c, backendUnderTest(), referenceBackend());
    }

    /** The results of running a case on one backend, or what it threw. */
    private record Outcome(List<HostArray> results, Throwable error) {
    }

    private static Outcome attempt(Case c, Backend backend) {
        try {
            return new Outcome(c.run(backend), null);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return new Outcome(null, e);
        }
    }

    private static void requireError(Case c, Backend backend, Outcome o) {
        if (o.error() == null || !c.expectedError().isInstance(o.error())) {
            String got = o.error() == null ? "a result" : o.error().toString();
            throw new AssertionError(c.name() + ": expected " + c.expectedError().getSimpleName() + " from backend "
                    + backend.name() + ", got " + got, o.error());
        }
    }
}
