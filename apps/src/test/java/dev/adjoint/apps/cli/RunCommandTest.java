package dev.adjoint.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.Parameter;
import dev.adjoint.apps.run.App;
import dev.adjoint.apps.run.Comparison;
import dev.adjoint.apps.run.RunContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adjoint run}: finding the app, parsing its options, the output folder, errors. */
class RunCommandTest {
    /** Options of the test app. */
    public static final class EchoOptions {
        @Parameter(names = "--value", description = "A number to echo")
        public double value = 1.5;
    }

    /** An app that writes its option into results.json. */
    static final class EchoApp implements App<EchoOptions> {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String summary() {
            return "Echoes --value";
        }

        @Override
        public EchoOptions newOptions() {
            return new EchoOptions();
        }

        @Override
        public void run(EchoOptions options, RunContext context) throws Exception {
            if (options.value < 0) {
                throw new IllegalArgumentException("--value must be >= 0, got " + options.value);
            }
            Comparison c = new Comparison().add("value", options.value, 2.0, "test", options.value == 2.0);
            c.print(context.out());
            context.writeResults(Map.of("full", context.full(), "rows", c.toJson()));
        }
    }

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String name, String... appArgs) {
        RunCommand command = new RunCommand(List.of(new EchoApp()));
        com.beust.jcommander.JCommander.newBuilder().addObject(command).build().parse(name);
        command.appArguments(List.of(appArgs));
        return command.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void runsTheAppWithItsOptionsIntoTheOutputFolder() throws Exception {
        Path folder = dir.resolve("o");
        assertThat(run("echo", "--value", "2", "--out", folder.toString(), "--full")).isZero();
        String json = Files.readString(folder.resolve("results.json"));
        assertThat(json).contains("\"full\": true").contains("\"ours\": 2").contains("\"pass\": true");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("value").contains("ok");
    }

    @Test
    void unknownAppsAndOptionsAreUsageErrors() {
        assertThat(run("nope")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no app named 'nope'").contains("echo");
        err.reset();
        assertThat(run("echo", "--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bogus").contains("--value");
    }

    @Test
    void anOutputFolderThatCannotBeWrittenFailsBeforeTheAppRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        assertThat(run("echo", "--out", file.resolve("sub").toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot write to the output folder")
                .contains(file.toString()).contains("--out expects a folder").doesNotContain("\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("value");
        err.reset();
        assertThat(run("echo", "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + " exists and is not a folder");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void anAppRejectingItsOptionsLeavesNoEmptyFolderItCreatedBehind() throws Exception {
        Path folder = dir.resolve("new/deeper");
        assertThat(run("echo", "--value", "-1", "--out", folder.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--value must be >= 0, got -1.0");
        assertThat(dir.resolve("new")).doesNotExist();

        Path existing = Files.createDirectories(dir.resolve("kept"));
        assertThat(run("echo", "--value", "-1", "--out", existing.resolve("sub").toString())).isEqualTo(2);
        assertThat(existing).isEmptyDirectory();
        assertThat(run("echo", "--value", "-1", "--out", existing.toString())).isEqualTo(2);
        assertThat(existing).exists();
    }

    @Test
    void helpShowsTheAppsOptions() {
        assertThat(run("echo", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Echoes --value").contains("--value")
                .contains("--full").contains("--out");
    }
}
