package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's "autodiff in 20 lines" example and checks that the README shows exactly this code:
 * the lines between the {@code README-EXAMPLE} markers below must appear verbatim in README.md.
 */
class ReadmeExampleTest {
    private static Params fitted;

    static void example() {
        // README-EXAMPLE-START
        // Fit y = a x + b to noisy samples by gradient descent on the mean squared error.
        Tensor x = Tensor.linspace(-1, 1, 64, DType.FLOAT64);
        Tensor noise = Rng.normal(RandomKey.of(7), DType.FLOAT64, 64).mul(0.05);
        Tensor y = x.mul(3).add(0.5).add(noise);

        Params p = Params.of("a", Tensor.scalar(0, DType.FLOAT64), "b", Tensor.scalar(0, DType.FLOAT64));
        for (int step = 0; step < 100; step++) {
            Autodiff.ValueAndGrads vg = Autodiff.valueAndGrad(
                    q -> q.get("a").mul(x).add(q.get("b")).sub(y).square().mean(), p);
            p = p.zip(vg.grads(), (w, g) -> w.sub(g.mul(0.5)));
            if (step % 25 == 0) {
                System.out.println("step " + step + "  loss " + vg.value().item());
            }
        }
        System.out.println("a = " + p.get("a").item() + ", b = " + p.get("b").item());
        // README-EXAMPLE-END
        fitted = p;
    }

    @Test
    void theExampleFitsTheLine() {
        example();
        assertThat(fitted.get("a").item()).isCloseTo(3.0, within(0.05));
        assertThat(fitted.get("b").item()).isCloseTo(0.5, within(0.05));
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        Path readme = findReadme();
        String source = Files.readString(findSource());
        String block = source.substring(source.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START".length(),
                source.indexOf("// README-EXAMPLE-END"));
        assertThat(normalize(Files.readString(readme)))
                .as("README.md shows the example exactly as it is tested here")
                .contains(normalize(block));
    }

    /** Lines stripped of indentation, blank lines dropped. */
    private static String normalize(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }

    private static Path findReadme() {
        return locate("README.md");
    }

    private static Path findSource() {
        return locate("api/src/test/java/dev/adjoint/api/ReadmeExampleTest.java");
    }

    private static Path locate(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("cannot find " + relative + " above " + Path.of("").toAbsolutePath());
    }
}
