package dev.adjoint.backend.vector;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BackendProvider;

/**
 * Registers the {@code vector} backend: SIMD kernels on the incubating Vector API, multi-threaded. It ranks
 * above {@code reference} and reports itself unavailable when the JVM was started without
 * {@code --add-modules jdk.incubator.vector}.
 */
public final class VectorProvider implements BackendProvider {
    /** The name of this backend. */
    public static final String NAME = "vector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector");
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.no("the Vector API is missing: start the JVM with --add-modules jdk.incubator.vector");
        }
        return Availability.yes(Simd.describe() + ", " + Parallel.threads() + " threads");
    }

    @Override
    public Backend create() {
        return new VectorBackend();
    }
}
