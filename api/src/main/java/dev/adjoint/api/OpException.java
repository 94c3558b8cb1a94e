package dev.adjoint.api;

/**
 * Thrown when an op is called with arguments it cannot accept. The message names the op, the shapes or
 * values involved and what was expected. Subclasses tell the family of mistake apart.
 */
public class OpException extends IllegalArgumentException {
    private final String op;

    public OpException(String op, String message) {
        super(op + ": " + message);
        this.op = op;
    }

    /** The name of the op that refused its arguments. */
    public String op() {
        return op;
    }

    /** Shapes that do not fit together (broadcasting, matmul, conv, concat, ...). */
    public static final class ShapeException extends OpException {
        public ShapeException(String op, String message) {
            super(op, message);
        }
    }

    /** An axis outside {@code [-rank, rank)} or repeated where it must be unique. */
    public static final class AxisException extends OpException {
        public AxisException(String op, String message) {
            super(op, message);
        }
    }

    /** Dtypes that clash or that the op does not support. */
    public static final class DTypeException extends OpException {
        public DTypeException(String op, String message) {
            super(op, message);
        }
    }

    /** An index outside the valid range of the dimension it addresses. */
    public static final class IndexException extends OpException {
        public IndexException(String op, String message) {
            super(op, message);
        }
    }
}
