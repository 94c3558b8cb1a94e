package dev.adjoint.backend.vector;

import dev.adjoint.api.Backends;
import dev.adjoint.api.conformance.ConformanceKit;
import dev.adjoint.api.spi.Backend;

/** Runs the api's conformance kit on the vector backend against the reference backend. */
class VectorConformanceTest extends ConformanceKit {
    @Override
    protected Backend backendUnderTest() {
        return Backends.byName(VectorProvider.NAME);
    }
}
