package dev.adjoint.backend.vector;

import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use (the platform's preferred shape) and a description of them.
 * {@link #FH} and {@link #IH} hold as many floats or ints as {@link #D} holds doubles, for kernels that
 * widen to double lanes and back.
 */
final class Simd {
    /** Preferred float species. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Preferred double species. */
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Preferred int species. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Float species with the lane count of {@link #D} (half its bit size). */
    static final VectorSpecies<Float> FH = FloatVector.SPECIES_PREFERRED.withShape(half(D));
    /** Int species with the lane count of {@link #D} (half its bit size). */
    static final VectorSpecies<Integer> IH = IntVector.SPECIES_PREFERRED.withShape(half(D));

    private Simd() {
    }

    /** A short description of the vector hardware, e.g. {@code AVX2 256-bit: 8 float / 4 double lanes}. */
    static String describe() {
        int bits = F.vectorBitSize();
        return isa(System.getProperty("os.arch", ""), bits) + " " + bits + "-bit: " + F.length() + " float / "
                + D.length() + " double lanes";
    }

    /** The instruction set family most likely behind vectors of {@code bits} on {@code arch}. */
    static String isa(String arch, int bits) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (a.equals("amd64") || a.equals("x86_64")) {
            return switch (bits) {
                case 512 -> "AVX-512";
                case 256 -> "AVX2";
                case 128 -> "SSE";
                default -> "x86";
            };
        }
        if (a.equals("aarch64") || a.equals("arm64")) {
            return bits == 128 ? "NEON" : "SVE";
        }
        return "SIMD";
    }

    private static VectorShape half(VectorSpecies<Double> d) {
        return VectorShape.forBitSize(Math.max(64, d.vectorBitSize() / 2));
    }
}
