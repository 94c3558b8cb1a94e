package dev.adjoint.backend.tornado;

import dev.adjoint.api.Backends;
import dev.adjoint.api.conformance.ConformanceKit;
import dev.adjoint.api.spi.Backend;

/** Runs the api's conformance kit on the tornado backend (TornadoVM's default device) against the reference. */
class TornadoConformanceTest extends ConformanceKit {
    @Override
    protected Backend backendUnderTest() {
        return Backends.byName(TornadoProvider.NAME);
    }
}
