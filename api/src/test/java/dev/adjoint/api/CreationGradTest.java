package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.assertValues;
import static dev.adjoint.api.VjpTesting.f64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.reference.ReferenceBackend;
import dev.adjoint.api.spi.Backend;
import org.junit.jupiter.api.Test;

/** Backward rule of the backend transfer: the cotangent goes back to the source backend. */
class CreationGradTest {

    @Test
    void theCotangentOfATransferMovesBackToTheSourceBackend() {
        Backend other = new ReferenceBackend();
        Tensor x = f64(1.5, -2);
        Tensor g = Autodiff.grad(y -> y.to(other).square().sum().to(x.backend()), x);
        assertThat(g.backend()).isSameAs(x.backend());
        assertValues(g, DType.FLOAT64, new int[] {2}, 0, 3, -4);

        Tensor f = x.cast(DType.FLOAT32);
        Tensor gf = Autodiff.vjp(y -> y.to(other), f, Tensor.of(new float[] {2, 3}).to(other));
        assertThat(gf.backend()).isSameAs(f.backend());
        assertValues(gf, DType.FLOAT32, new int[] {2}, 0, 2, 3);
    }

    @Test
    void aTransferIsDifferentiableTwiceAndIntegerTransfersCarryNoGradient() {
        Backend other = new ReferenceBackend();
        // d^2/dx^2 sum(x^3) = 6x, computed with the cube on the other backend.
        Tensor second = Autodiff.grad(u -> Autodiff.grad(y -> y.to(other).pow(3).sum().to(u.backend()), u).sum(),
                f64(1, -2));
        assertValues(second, DType.FLOAT64, new int[] {2}, 0, 6, -12);
        Tensor ints = Autodiff.track(Tensor.of(new int[] {1, 2}));
        assertThat(ints.to(other).requiresGrad()).isFalse();
        assertThat(Autodiff.track(f64(1)).to(other).requiresGrad()).isTrue();
    }
}
