package dev.adjoint.apps.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long loops: {@code label [#####.....] 42/100 3.1s left, loss 0.12}, redrawn in
 * place at most ten times a second, finished with a newline by {@link #close}.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;
    private String status = "";

    /** A bar for {@code total} steps drawn on {@code out}. */
    public ProgressBar(PrintStream out, String label, int total) {
        if (total < 0) {
            throw new IllegalArgumentException("a progress bar needs a total of at least 0 steps, got " + total);
        }
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** Marks one more step done, with a short status shown after the bar (may be empty). */
    public void step(String status) {
        done = Math.min(total, done + 1);
        this.status = status;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS || done == total) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Marks one more step done. */
    public void step() {
        step(status);
    }

    private void draw(long now) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double elapsed = (now - start) / 1e9;
        double left = done == 0 ? Double.NaN : elapsed * (total - done) / done;
        String eta = Double.isNaN(left) ? "" : String.format(Locale.ROOT, " %.1fs left", left);
        out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total
                + eta + (status.isEmpty() ? "" : ", " + status) + "   ");
        out.flush();
    }

    /** The seconds since the bar was made. */
    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() {
        draw(System.nanoTime());
        out.println();
    }
}
