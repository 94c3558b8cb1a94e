package dev.adjoint.api.reference;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BackendProvider;

/** Registers the scalar {@code reference} backend: always available, priority 0. */
public final class ReferenceProvider implements BackendProvider {
    /** The name of the reference backend. */
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.yes("plain scalar Java loops; the oracle for every other backend");
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
