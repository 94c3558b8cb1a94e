package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;

/**
 * {@code S = L^{-1/2}} for the obstacle-free pressure Laplacian {@code L} of a domain whose axes are periodic or
 * closed on both sides (zero normal gradient of the pressure), applied with real FFTs: each closed axis is
 * extended by its mirror image, which turns the Neumann Laplacian into a periodic one with the same
 * eigenvalues. {@code S} is symmetric and maps the constant vector to zero. Conjugate gradients on
 * {@code S A S y = S b}, {@code x = S y} then need a handful of iterations with obstacles; without them
 * {@code A = L} and {@link #solve} ({@code L^+}) is a direct solve. Built from tensor ops, so it is differentiable and runs on any backend.
 */
final class SpectralPreconditioner {
    private final int dims;
    private final int[] resolution;
    private final boolean[] mirrored;
    private final Tensor[] reversed;
    private final Tensor factor;
    private final Tensor inverseFactor;

    private SpectralPreconditioner(FlowMasks m) {
        UniformGrid g = m.grid;
        this.dims = g.dims();
        this.resolution = g.resolution();
        this.mirrored = new boolean[dims];
        this.reversed = new Tensor[dims];
        int[] ext = new int[dims];
        for (int d = 0; d < dims; d++) {
            mirrored[d] = !m.boundaries.isPeriodic(d);
            ext[d] = mirrored[d] ? 2 * resolution[d] : resolution[d];
            if (mirrored[d]) {
                int[] idx = new int[resolution[d]];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = resolution[d] - 1 - i;
                }
                reversed[d] = Tensor.of(idx, idx.length);
            }
        }
        // Eigenvalues over the rfft layout: full length on every axis but the last, which keeps m/2 + 1.
        int[] shape = ext.clone();
        shape[dims - 1] = ext[dims - 1] / 2 + 1;
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] f = new double[size];
        double[] inv = new double[size];
        int[] idx = new int[dims];
        for (int flat = 0; flat < size; flat++) {
            int rem = flat;
            for (int d = dims - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            double lambda = 0;
            for (int d = 0; d < dims; d++) {
                double dx = g.dx(d);
                lambda += (2 - 2 * Math.cos(2 * Math.PI * idx[d] / ext[d])) / (dx * dx);
            }
            boolean nullMode = lambda <= 1e-12 / (g.dx(0) * g.dx(0));
            f[flat] = nullMode ? 0 : 1 / Math.sqrt(lambda);
            inv[flat] = nullMode ? 0 : 1 / lambda;
        }
        int[] withComplex = java.util.Arrays.copyOf(shape, dims + 1);
        withComplex[dims] = 1;
        Tensor t = Tensor.of(f, withComplex);
        Tensor ti = Tensor.of(inv, withComplex);
        this.factor = m.dtype == DType.FLOAT64 ? t : t.cast(m.dtype);
        this.inverseFactor = m.dtype == DType.FLOAT64 ? ti : ti.cast(m.dtype);
    }

    /** The preconditioner for these masks, or null when a side is open (Dirichlet pressure). */
    static SpectralPreconditioner forMasks(FlowMasks m) {
        for (int d = 0; d < m.grid.dims(); d++) {
            if (m.boundaries.isPeriodic(d)) {
                continue;
            }
            if (m.boundaries.lower(d).kind() == Side.Kind.ZERO_GRADIENT
                    || m.boundaries.upper(d).kind() == Side.Kind.ZERO_GRADIENT) {
                return null;
            }
        }
        return new SpectralPreconditioner(m);
    }

    /** {@code S x} for {@code x [batch, n...]}. */
    Tensor apply(Tensor x) {
        return multiply(x, factor);
    }

    /** {@code L^+ x}: the mean-zero solution of {@code L p = x} for a mean-zero {@code x [batch, n...]}. */
    Tensor solve(Tensor x) {
        return multiply(x, inverseFactor);
    }

    private Tensor multiply(Tensor x, Tensor multiplier) {
        Tensor e = x;
        for (int d = 0; d < dims; d++) {
            if (mirrored[d]) {
                e = Tensor.concat(d + 1, e, e.gather(d + 1, reversed[d]));
            }
        }
        int last = e.dim(dims);
        Tensor y = e.rfft(dims).mul(multiplier).irfft(dims, last);
        for (int d = 0; d < dims; d++) {
            if (mirrored[d]) {
                y = y.slice(d + 1, 0, resolution[d]);
            }
        }
        return y;
    }
}
