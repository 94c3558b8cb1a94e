package dev.adjoint.api.conformance;

import dev.adjoint.api.Backends;
import dev.adjoint.api.spi.Backend;

/**
 * Runs the conformance kit on the reference backend: every kernel is exercised on the kit's shapes (the
 * comparison with itself only proves the kernels run and keep their inputs intact), and the
 * {@link HandComputedCases} check its values against hand-computed ones.
 */
class ReferenceConformanceTest extends ConformanceKit {
    @Override
    protected Backend backendUnderTest() {
        return Backends.byName("reference");
    }
}
