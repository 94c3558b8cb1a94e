package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Npz;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Parameters survive a round trip through {@code .npz}. */
class SaveLoadTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void savedAndLoadedParametersGiveIdenticalOutputs(DType dtype, @TempDir Path dir) throws IOException {
        Sequential model = Sequential.builder()
                .add("conv", new Conv(2, 3, 4, 3, ConvOptions.defaults().samePadding()).withDType(dtype))
                .add("norm", new GroupNorm(2, 4).withDType(dtype))
                .add("act", Activation.silu())
                .add("down", new Conv(2, 4, 2, 3, ConvOptions.defaults().stride(2).padding(1)).withDType(dtype))
                .add("up", new ConvTranspose(2, 2, 3, 2, ConvOptions.defaults().stride(2)).withDType(dtype))
                .add("ln", new LayerNorm(6).withDType(dtype))
                .add("dense", new Dense(6, 5).withDType(dtype))
                .build();
        Params params = model.init(RandomKey.of(17));
        Path file = dir.resolve("model.npz");
        Npz.save(file, params);
        Params loaded = Npz.load(file);
        assertThat(loaded.names()).isEqualTo(params.names());
        Tensor x = random(1, dtype, 2, 3, 6, 6);
        Tensor before = model.apply(params, x);
        Tensor after = model.apply(loaded, x);
        assertThat(after.dtype()).isEqualTo(dtype);
        assertThat(after.shape().dims()).containsExactly(2, 3, 6, 5);
        assertThat(after.toDoubleArray()).containsExactly(before.toDoubleArray());
    }
}
