package dev.adjoint.apps.run;

/**
 * A reproduction app that {@code adjoint run NAME} starts: it computes its numbers with our solvers, writes them
 * with the published values next to them into the output folder, and prints a short comparison table.
 *
 * @param <O> the app's options: an object whose fields carry JCommander {@code @Parameter} annotations
 */
public interface App<O> {
    /** The name users type after {@code adjoint run}. */
    String name();

    /** One line for {@code adjoint list}. */
    String summary();

    /** A fresh options object with every default set. */
    O newOptions();

    /** Runs the app with parsed options; everything it writes goes through {@code context}. */
    void run(O options, RunContext context) throws Exception;
}
