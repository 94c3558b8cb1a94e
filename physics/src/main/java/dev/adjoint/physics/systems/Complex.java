package dev.adjoint.physics.systems;

import dev.adjoint.api.Tensor;

/** Arithmetic on complex tensors stored as a trailing axis of two real channels (re, im). */
final class Complex {
    private Complex() {
    }

    static Tensor re(Tensor z) {
        return z.select(-1, 0);
    }

    static Tensor im(Tensor z) {
        return z.select(-1, 1);
    }

    static Tensor of(Tensor re, Tensor im) {
        return Tensor.stack(-1, re, im);
    }

    /** The product {@code a * b}. */
    static Tensor mul(Tensor a, Tensor b) {
        Tensor ar = re(a);
        Tensor ai = im(a);
        Tensor br = re(b);
        Tensor bi = im(b);
        return of(ar.mul(br).sub(ai.mul(bi)), ar.mul(bi).add(ai.mul(br)));
    }

    /** The complex conjugate. */
    static Tensor conj(Tensor z) {
        return of(re(z), im(z).neg());
    }

    /** {@code i * z}. */
    static Tensor timesI(Tensor z) {
        return of(im(z).neg(), re(z));
    }

    /** {@code |z|^2}, without the channel axis. */
    static Tensor abs2(Tensor z) {
        return z.square().sum(-1);
    }
}
