/**
 * Fields on uniform grids (centered and staggered), boundary conditions, obstacles, and the differentiable
 * operators and solvers built on them: advection, diffusion, pressure projection, incompressible Navier–Stokes.
 */
package dev.adjoint.physics;
