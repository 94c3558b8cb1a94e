package dev.adjoint.apps.run;

import dev.adjoint.apps.io.AtomicFiles;
import dev.adjoint.apps.io.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an app may touch while it runs: its output folder, whether the paper-sized set-up was asked for, the
 * console, and progress bars.
 *
 * @param output the folder every file of this run goes into
 * @param full   run the published, paper-sized set-up instead of the small default
 * @param out    the console for tables and messages
 */
public record RunContext(Path output, boolean full, PrintStream out) {
    /** A progress bar for {@code total} steps on the console. */
    public ProgressBar progress(String label, int total) {
        return new ProgressBar(out, label, total);
    }

    /** The path of {@code name} inside the output folder. */
    public Path file(String name) {
        return output.resolve(name);
    }

    /** Writes {@code results.json} (atomically) and returns its path. */
    public Path writeResults(Map<String, Object> document) throws IOException {
        return AtomicFiles.writeString(file("results.json"), Json.write(document));
    }
}
