/**
 * Self-contained differentiable systems with their reference set-ups: Burgers, heat, the 1D Schrödinger equation,
 * cart-pole and guidance-by-repulsion ODEs.
 */
package dev.adjoint.physics.systems;
