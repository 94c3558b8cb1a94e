/**
 * The accelerator backend on TornadoVM. TornadoVM is an optional dependency: without its runtime on the module
 * path (and the JVM flags of its argfile) the provider reports itself unavailable with the reason.
 */
module dev.adjoint.backend.tornado {
    requires dev.adjoint.api;
    requires static tornado.api;

    opens dev.adjoint.backend.tornado.kernels to tornado.runtime, tornado.drivers.common, tornado.drivers.opencl;

    provides dev.adjoint.api.spi.BackendProvider with dev.adjoint.backend.tornado.TornadoProvider;
}
