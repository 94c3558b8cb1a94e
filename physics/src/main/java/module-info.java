/**
 * Differentiable physics: fields on uniform grids, boundary conditions, advection, diffusion, pressure
 * projection, Navier-Stokes, Burgers, heat, Schrödinger, ODE systems and SPH particles. Main code
 * depends on no Adjoint module but {@code dev.adjoint.api}; composition happens in {@code
 * dev.adjoint.apps}.
 */
module dev.adjoint.physics {
    requires transitive dev.adjoint.api;

    exports dev.adjoint.physics;
    exports dev.adjoint.physics.systems;
}
