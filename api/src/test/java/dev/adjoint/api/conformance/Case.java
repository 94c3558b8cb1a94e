package dev.adjoint.api.conformance;

import dev.adjoint.api.Backends;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One conformance case: fixed host inputs, a computation on them (public {@link Tensor} ops or direct
 * {@link Backend} kernel calls) and how close two backends' results must be. {@link #run(Backend)} runs it on
 * one backend; {@link ConformanceKit#check} compares two.
 *
 * @param family the op family, e.g. {@code unary}, used to group the dynamic tests
 * @param op the op under test, e.g. {@code exp}
 * @param name the test name: op, dtype, shape and details, e.g. {@code exp float32 (17,)}
 * @param inputs the host inputs, uploaded to the backend in this order
 * @param tolerance how close float results must be to the reference (INT32 results are always exact)
 * @param expectedError when non-null, the exception both backends must throw instead of returning a result
 * @param body the computation
 */
public record Case(String family, String op, String name, List<HostArray> inputs, Tolerance tolerance,
        Class<? extends RuntimeException> expectedError, Body body) {

    /** The computation of a case, given its inputs as tensors on {@code backend} (the current backend too). */
    @FunctionalInterface
    public interface Body {
        /** The results, each a tensor on {@code backend}. */
        List<Tensor> run(Backend backend, Tensor[] in);
    }

    /** Copies the inputs list. */
    public Case {
        inputs = List.copyOf(inputs);
    }

    /** A case with one result computed by public tensor ops. */
    public static Case of(String family, String op, String name, Tolerance tolerance, Function<Tensor[], Tensor> f,
            HostArray... inputs) {
        return new Case(family, op, name, List.of(inputs), tolerance, null, (b, in) -> List.of(f.apply(in)));
    }

    /** A case with any number of results, free to call the backend's kernels directly. */
    public static Case many(String family, String op, String name, Tolerance tolerance, Body body,
            HostArray... inputs) {
        return new Case(family, op, name, List.of(inputs), tolerance, null, body);
    }

    /** A case whose computation must throw {@code error} on every backend. */
    public static Case failing(String family, String op, String name, Class<? extends RuntimeException> error,
            Function<Tensor[], Tensor> f, HostArray... inputs) {
        return new Case(family, op, name, List.of(inputs), Tolerance.EXACT, error, (b, in) -> List.of(f.apply(in)));
    }

    /**
     * Runs the case on {@code backend} (made current for the duration) and reads the results back. Throws an
     * {@link AssertionError} if a result lives on another backend or if an input was modified; exceptions
     * of the computation propagate.
     */
    @SuppressWarnings("try")
    public List<HostArray> run(Backend backend) {
        try (Backends.Scope scope = Backends.use(backend)) {
            Tensor[] in = new Tensor[inputs.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = inputs.get(i).toTensor();
            }
            List<Tensor> results = body.run(backend, in);
            List<HostArray> out = new ArrayList<>(results.size());
            for (int k = 0; k < results.size(); k++) {
                Tensor t = results.get(k);
                if (t.backend() != backend) {
                    throw new AssertionError(name + ": result " + k + " lives on backend " + t.backend().name()
                            + ", expected " + backend.name());
                }
                out.add(HostArray.read(t));
            }
            for (int i = 0; i < in.length; i++) {
                if (!HostArray.read(in[i]).bitEquals(inputs.get(i))) {
                    throw new AssertionError(name + ": input " + i + " " + inputs.get(i).shapeString()
                            + " was modified by backend " + backend.name() + "; kernels must not write their inputs");
                }
            }
            return out;
        }
    }

    /** The name. */
    @Override
    public String toString() {
        return name;
    }
}
