/**
 * The Adjoint core: tensors, the closed op set, random numbers, and the backend SPI with the scalar
 * {@code reference} backend.
 */
module dev.adjoint.api {
    exports dev.adjoint.api;
    exports dev.adjoint.api.spi;

    uses dev.adjoint.api.spi.BackendProvider;

    provides dev.adjoint.api.spi.BackendProvider with dev.adjoint.api.reference.ReferenceProvider;
}
