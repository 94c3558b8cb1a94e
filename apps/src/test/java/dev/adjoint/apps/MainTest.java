package dev.adjoint.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.Backends;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private String savedProperty;

    /** What one command line printed and returned. */
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void saveProperty() {
        savedProperty = System.getProperty(Backends.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(Backends.PROPERTY);
        } else {
            System.setProperty(Backends.PROPERTY, savedProperty);
        }
    }

    @Test
    void backendsListsReferenceAndMarksItSelectedWhenNamed() {
        System.setProperty(Backends.PROPERTY, "reference");

        Result r = run("backends");

        assertThat(r.status()).isZero();
        assertThat(r.out()).containsPattern("(?m)^\\*\\s+reference\\s+\\d+\\s+yes");
        assertThat(r.out()).contains("selected: reference (named by -Dadjoint.backend=reference)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void backendsReportsTheDefaultSelection() {
        System.clearProperty(Backends.PROPERTY);
        String expected = Backends.selection().backend().name();

        Result r = run("backends");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("reference").contains("selected: " + expected + " (");
    }

    @Test
    void unknownBackendFailsWithTheAvailableOnes() {
        System.setProperty(Backends.PROPERTY, "nope");

        Result r = run("backends");

        assertThat(r.status()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("nope").contains("reference").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("selected:");
    }

    @Test
    void versionFailsCleanlyForAnUnknownBackend() {
        System.setProperty(Backends.PROPERTY, "nope");

        Result r = run("version");

        assertThat(r.status()).isEqualTo(Main.FAILED);
        assertThat(r.err()).startsWith("adjoint: ").contains("reference");
    }

    @Test
    void versionShowsProjectJavaAndBackend() {
        System.setProperty(Backends.PROPERTY, "reference");

        Result r = run("version");

        assertThat(r.status()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^adjoint \\d+\\.\\d+\\.\\d+")
                .contains(System.getProperty("java.version"))
                .containsPattern("(?m)^backend reference ");
    }

    @Test
    void listPrintsTheRegistry() {
        Result r = run("list");

        assertThat(r.status()).isZero();
        if (AppRegistry.apps().isEmpty()) {
            assertThat(r.out()).startsWith("No reproduction apps are registered yet");
        } else {
            assertThat(r.out().lines()).hasSameSizeAs(AppRegistry.apps());
            AppRegistry.apps().forEach(app -> assertThat(r.out()).contains(app.name()).contains(app.summary()));
        }
    }

    @Test
    void unknownCommandPrintsUsageAndExitsWithTwo() {
        Result r = run("frobnicate");

        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("frobnicate").contains("Usage: adjoint").contains("backends");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void noCommandPrintsUsageAndExitsWithTwo() {
        Result r = run();

        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Usage: adjoint");
    }

    @Test
    void benchRejectsAnUnwritableOutputFolderBeforeRunningAnything(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        Result r = run("bench", "--out", file.resolve("sub").toString(), "StreamTriad");

        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("cannot write to the output folder").contains("--out expects a folder")
                .doesNotContain("cases on");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpPrintsEveryCommand() {
        Result r = run("--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("list").contains("backends").contains("version");
    }

    @Test
    void commandHelpPrintsThatCommandsUsage() {
        Result r = run("backends", "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("backends");
    }
}
