package dev.adjoint.apps.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

/** The published (Keras) initialisation of the stable-BPTT controllers. */
class ControllerNetTest {

    @Test
    void mlpStartsWithGlorotKernelsZeroBiasesAndAZeroLastKernel() {
        ControllerNet net = ControllerNet.mlp(new int[] {3, 2}, new int[] {1});
        Params p = net.init(RandomKey.of(42));
        for (String name : p.names()) {
            Tensor t = p.get(name);
            if (name.endsWith("bias") || name.equals("dense2/weight")) {
                assertThat(t.abs().max().item()).as(name).isEqualTo(0.0);
            }
        }
        // Glorot uniform: U(-b, b) with b = sqrt(6 / (fanIn + fanOut)), so the standard deviation is b / sqrt(3).
        Tensor hidden = p.get("dense1/weight");
        double bound = Math.sqrt(6.0 / (100 + 100));
        assertThat(hidden.abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(0.95 * bound);
        double std = hidden.square().mean().sqrt().item();
        assertThat(std).isCloseTo(bound / Math.sqrt(3), within(0.03 * bound));
        Tensor states = Tensor.of(new double[] {0.3, -0.2, 1.0, 0.5, -1.0, 0.1}).reshape(1, 3, 2).cast(
                hidden.dtype());
        assertThat(net.apply(p, states).abs().max().item()).isEqualTo(0.0);
    }

    @Test
    void quantumNetStartsRandomWithZeroBiasesAndConvolutionFans() {
        ControllerNet net = ControllerNet.quantum(new int[] {32, 2}, new int[] {1});
        Params p = net.init(RandomKey.of(7));
        for (String name : p.names()) {
            if (name.endsWith("bias")) {
                assertThat(p.get(name).abs().max().item()).as(name).isEqualTo(0.0);
            }
        }
        // conv1: 60 -> 60 channels, kernel 3: fan in = fan out = 180.
        Tensor conv = p.get("conv1/weight");
        double bound = Math.sqrt(6.0 / (180 + 180));
        assertThat(conv.abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(0.95 * bound);
        assertThat(p.get("dense/weight").abs().max().item()).isGreaterThan(0.0);
    }
}
