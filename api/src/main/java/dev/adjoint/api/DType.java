package dev.adjoint.api;

/** The element types a tensor can hold. FLOAT32 is the default; INT32 holds indices and masks. */
public enum DType {
    FLOAT32(4),
    FLOAT64(8),
    INT32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether this is a floating-point type. */
    public boolean isFloating() {
        return this != INT32;
    }

    /** Lower-case name as used in messages and file formats, e.g. {@code float32}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
