/**
 * Diffusion models: noise schedules, DDPM/DDIM, SDE and probability-flow samplers, SMDP training and
 * autoregressive conditional diffusion. Main code depends on no Adjoint module but {@code
 * dev.adjoint.api}; composition happens in {@code dev.adjoint.apps}.
 */
module dev.adjoint.diffusion {
    requires transitive dev.adjoint.api;
}
