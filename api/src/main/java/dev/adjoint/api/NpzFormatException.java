package dev.adjoint.api;

import java.io.IOException;

/**
 * Thrown when a {@code .npy} or {@code .npz} file cannot be read: not NumPy's format, cut short, or holding
 * data Adjoint does not support (big-endian, Fortran order, dtypes other than float32, float64 and int32).
 * The message names the file (and the archive entry, for {@code .npz}) and what was wrong.
 */
public class NpzFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    /**
     * @param source  the file, optionally followed by the archive entry, e.g. {@code data.npz: entry 'w.npy'}
     * @param problem what was wrong, e.g. {@code expected 24 data bytes, found 10}
     */
    public NpzFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    /** Like {@link #NpzFormatException(String, String)}, keeping the exception that revealed the problem. */
    public NpzFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file (and entry) that could not be read. */
    public String source() {
        return source;
    }

    /** What was wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
