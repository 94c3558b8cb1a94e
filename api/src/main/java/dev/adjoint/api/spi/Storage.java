package dev.adjoint.api.spi;

import dev.adjoint.api.DType;

/**
 * An opaque handle to the elements of one tensor, owned by the backend that made it. Tensors never look
 * inside; only their backend does. Contents are never modified after a kernel returns them.
 */
public interface Storage {
    /** The element type. */
    DType dtype();

    /** The number of elements. */
    int size();
}
