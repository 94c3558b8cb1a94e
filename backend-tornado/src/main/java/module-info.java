/** The accelerator backend on TornadoVM; it reports itself unavailable when no TornadoVM runtime is present. */
module dev.adjoint.backend.tornado {
    requires dev.adjoint.api;
}
