package dev.adjoint.apps.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.apps.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The comparison table: verdicts, the printed table and the JSON rows. */
class ComparisonTest {
    @Test
    void belowTreatsADivergedValueAsNeverBelowAndAlwaysAbove() {
        assertThat(Comparison.below(1, 2)).isTrue();
        assertThat(Comparison.below(2, 1)).isFalse();
        assertThat(Comparison.below(1, 1)).isFalse();
        assertThat(Comparison.below(1, Double.NaN)).isTrue();
        assertThat(Comparison.below(1, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(Comparison.below(Double.NaN, 1)).isFalse();
        assertThat(Comparison.below(Double.NaN, Double.NaN)).isFalse();
        assertThat(Comparison.below(Double.POSITIVE_INFINITY, Double.NaN)).isFalse();
    }

    @Test
    void printsOursNextToPublishedWithTheVerdictAndWritesTheSameRows() {
        Comparison c = new Comparison().add("error", 0.03, 0.02, "bound", false).add("steps", 120);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "METRIC          OURS     PUBLISHED  CHECK   SOURCE",
                "error         0.0300        0.0200  MISS    bound",
                "steps       120.0000             -");
        String json = Json.write(c.toJson());
        assertThat(ResultsJson.row(json, "error")).isEqualTo(new ResultsJson.Row(0.03, 0.02, false));
        ResultsJson.Row steps = ResultsJson.row(json, "steps");
        assertThat(steps.ours()).isEqualTo(120);
        assertThat(steps.published()).isNaN();
        assertThat(steps.pass()).isNull();
    }
}
