package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conformance cases of the discrete Fourier transforms in both float dtypes: complex {@code fft} /
 * {@code ifft} and real {@code rfft} / {@code irfft} over 1-3 axes, with powers of two, primes (which need
 * Bluestein or a direct DFT), other odd sizes, size 1, batches, and empty batches. Random spectra given to
 * {@code irfft} include the imaginary parts a real signal cannot have, which must be ignored.
 */
public final class SpectralCases {
    /** Complex inputs {@code [..., n..., 2]} and how many axes (before the last) are transformed. */
    private static final Object[][] COMPLEX = {
        {new int[] {1, 2}, 1}, {new int[] {2, 2}, 1}, {new int[] {7, 2}, 1}, {new int[] {8, 2}, 1},
        {new int[] {13, 2}, 1}, {new int[] {16, 2}, 1}, {new int[] {17, 2}, 1}, {new int[] {31, 2}, 1},
        {new int[] {33, 2}, 1}, {new int[] {3, 13, 2}, 1}, {new int[] {2, 3, 16, 2}, 1}, {new int[] {0, 8, 2}, 1},
        {new int[] {5, 6, 2}, 2}, {new int[] {8, 7, 2}, 2}, {new int[] {2, 4, 4, 2}, 2},
        {new int[] {3, 4, 5, 2}, 3}, {new int[] {2, 4, 4, 4, 2}, 3}, {new int[] {7, 1, 2, 2}, 3},
    };

    /** Real inputs and how many trailing axes are transformed. */
    private static final Object[][] REAL = {
        {new int[] {1}, 1}, {new int[] {2}, 1}, {new int[] {7}, 1}, {new int[] {8}, 1}, {new int[] {13}, 1},
        {new int[] {16}, 1}, {new int[] {31}, 1}, {new int[] {33}, 1}, {new int[] {3, 13}, 1}, {new int[] {0, 6}, 1},
        {new int[] {6, 7}, 2}, {new int[] {5, 8}, 2}, {new int[] {2, 5, 8}, 2},
        {new int[] {3, 4, 5}, 3}, {new int[] {4, 4, 6}, 3},
    };

    private SpectralCases() {
    }

    /** All FFT cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (DType dtype : Shapes.FLOATS) {
            for (Object[] c : COMPLEX) {
                int[] shape = (int[]) c[0];
                int dims = (Integer) c[1];
                long n = product(shape, shape.length - 1 - dims, shape.length - 1);
                for (boolean inverse : new boolean[] {false, true}) {
                    String op = inverse ? "ifft" : "fft";
                    String name = op + " " + dtype.label() + " " + Shapes.str(shape) + " dims " + dims;
                    HostArray x = new RandomInputs(name).uniform(dtype, shape, -1, 1);
                    Tolerance tol = Tolerance.fft(dtype, n, inverse ? 1.0 / n : 1);
                    out.add(Case.of("spectral", op, name, tol, in -> inverse ? in[0].ifft(dims) : in[0].fft(dims), x));
                }
            }
            for (Object[] c : REAL) {
                int[] shape = (int[]) c[0];
                int dims = (Integer) c[1];
                long n = product(shape, shape.length - dims, shape.length);
                String name = "rfft " + dtype.label() + " " + Shapes.str(shape) + " dims " + dims;
                HostArray x = new RandomInputs(name).uniform(dtype, shape, -1, 1);
                out.add(Case.of("spectral", "rfft", name, Tolerance.fft(dtype, n, 1), in -> in[0].rfft(dims), x));

                int last = shape[shape.length - 1];
                int[] spectrum = Arrays.copyOf(shape, shape.length + 1);
                spectrum[shape.length - 1] = last / 2 + 1;
                spectrum[shape.length] = 2;
                String iname = "irfft " + dtype.label() + " " + Shapes.str(spectrum) + " dims " + dims + " lastSize "
                        + last;
                HostArray s = new RandomInputs(iname).uniform(dtype, spectrum, -1, 1);
                out.add(Case.of("spectral", "irfft", iname, Tolerance.fft(dtype, n, 2.0 / n),
                        in -> in[0].irfft(dims, last), s));
            }
        }
        return out;
    }

    private static long product(int[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }
}
