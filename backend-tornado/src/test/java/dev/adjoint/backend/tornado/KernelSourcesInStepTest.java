package dev.adjoint.backend.tornado;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code Kernels64} is {@code Kernels32} with float32 types replaced by float64 ones (TornadoVM compiles one
 * method per primitive type, so the pair cannot share code); this keeps the two sources from drifting apart.
 */
class KernelSourcesInStepTest {
    private static final Path KERNELS = Path.of("src/main/java/dev/adjoint/backend/tornado/kernels");

    @Test
    void kernels64IsKernels32WithDoubleTypes() throws IOException {
        String k32 = Files.readString(KERNELS.resolve("Kernels32.java"));
        String expected = k32.replace("FloatArray", "DoubleArray")
                .replaceAll("\\bfloat\\b", "double")
                .replace("Float.MAX_VALUE", "Double.MAX_VALUE")
                .replace("Kernels32", "KernelsXX").replace("Kernels64", "Kernels32").replace("KernelsXX", "Kernels64")
                .replace("float32", "float64");
        assertThat(Files.readString(KERNELS.resolve("Kernels64.java"))).isEqualTo(expected);
    }
}
