/** The fast CPU backend: SIMD kernels with {@code jdk.incubator.vector} and multi-threading. */
module dev.adjoint.backend.vector {
    requires dev.adjoint.api;
    requires jdk.incubator.vector;

    provides dev.adjoint.api.spi.BackendProvider with dev.adjoint.backend.vector.VectorProvider;
}
