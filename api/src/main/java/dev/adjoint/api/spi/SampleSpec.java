package dev.adjoint.api.spi;

import dev.adjoint.api.Boundary;

/**
 * Multilinear sampling of a grid {@code [batch, size..., channels]} at points {@code [batch, points, dims]}
 * given in index coordinates (sample {@code i} of an axis sits at coordinate {@code i}). The result is
 * {@code [batch, points, channels]}.
 *
 * @param boundary what each spatial axis reads outside {@code [0, size - 1]}
 */
public record SampleSpec(int batch, int[] size, int channels, int points, Boundary[] boundary) {
    /** The number of spatial dimensions. */
    public int dims() {
        return size.length;
    }
}
