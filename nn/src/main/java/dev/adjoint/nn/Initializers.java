package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * Weight initializers with PyTorch's formulas ({@code torch.nn.init}). Every random initializer draws from
 * {@link Rng} with the given key, so the same key gives the same tensor on every backend.
 *
 * <p>Fans follow {@code torch.nn.init._calculate_fan_in_and_fan_out}: for a weight of shape
 * {@code [d0, d1, k...]} (at least two axes), with the receptive field {@code r = prod(k)} (1 when there are no
 * kernel axes), {@code fanIn = d1 * r} and {@code fanOut = d0 * r}. So a dense weight {@code [out, in]} has
 * {@code fanIn = in}, a convolution weight {@code [out, in/groups, k...]} has {@code fanIn = in/groups * prod(k)},
 * and a transposed-convolution weight {@code [in, out/groups, k...]} has {@code fanIn = out/groups * prod(k)}.
 *
 * <ul>
 *   <li>Kaiming (He) uniform: {@code U(-b, b)} with {@code b = gain * sqrt(3 / fanIn)}.</li>
 *   <li>Kaiming normal: {@code N(0, std^2)} with {@code std = gain / sqrt(fanIn)}.</li>
 *   <li>Xavier (Glorot) uniform: {@code U(-b, b)} with {@code b = gain * sqrt(6 / (fanIn + fanOut))}.</li>
 *   <li>Xavier normal: {@code std = gain * sqrt(2 / (fanIn + fanOut))}.</li>
 *   <li>LeCun uniform / normal: Kaiming with gain 1, i.e. {@code b = sqrt(3 / fanIn)}, {@code std = 1 / sqrt(fanIn)}
 *       (the normal variant is a plain, untruncated normal).</li>
 *   <li>PyTorch's default for {@code nn.Linear} and {@code nn.ConvNd} weights and biases
 *       ({@link #defaultUniform}): Kaiming uniform with {@code a = sqrt(5)}, i.e. gain {@code sqrt(2 / (1 + 5))},
 *       which is {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}.</li>
 * </ul>
 */
public final class Initializers {
    private Initializers() {
    }

    /** The fans of a weight shape, as {@code torch.nn.init._calculate_fan_in_and_fan_out} computes them. */
    public record Fans(int fanIn, int fanOut) {
    }

    /** The fans of a weight of {@code shape}, which needs at least two axes; see the class comment. */
    public static Fans fans(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fans: shape " + Arrays.toString(shape)
                    + " has fewer than 2 dimensions; fan in and fan out need a weight of rank >= 2");
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new Fans(Math.toIntExact(shape[1] * receptive), Math.toIntExact(shape[0] * receptive));
    }

    /** {@code fans(shape).fanIn()}. */
    public static int fanIn(int... shape) {
        return fans(shape).fanIn();
    }

    /** {@code fans(shape).fanOut()}. */
    public static int fanOut(int... shape) {
        return fans(shape).fanOut();
    }

    /**
     * The recommended gain for a nonlinearity, as {@code torch.nn.init.calculate_gain}: 1 for {@code linear},
     * {@code identity}, {@code conv1d/2d/3d}, {@code conv_transpose1d/2d/3d} and {@code sigmoid}; 5/3 for
     * {@code tanh}; {@code sqrt(2)} for {@code relu}; {@code sqrt(2 / (1 + 0.01^2))} for {@code leaky_relu};
     * 3/4 for {@code selu}.
     */
    public static double gain(String nonlinearity) {
        return "leaky_relu".equals(nonlinearity) ? gain(nonlinearity, 0.01) : gain(nonlinearity, Double.NaN);
    }

    /** {@link #gain(String)} with a parameter: the negative slope of {@code leaky_relu}, {@code sqrt(2 / (1 + slope^2))}. */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "identity", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                    "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3.0;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1.0 + param * param));
            case "selu" -> 0.75;
            default -> throw new IllegalArgumentException("gain: unknown nonlinearity '" + nonlinearity
                    + "'; expected linear, identity, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu,"
                    + " leaky_relu or selu");
        };
    }

    // ---- Kaiming -------------------------------------------------------------------------------------

    /** FLOAT32 Kaiming uniform: {@code U(-b, b)}, {@code b = gain * sqrt(3 / fanIn)}. */
    public static Tensor kaimingUniform(RandomKey key, int[] shape, int fanIn, double gain) {
        return kaimingUniform(key, shape, fanIn, gain, DType.FLOAT32);
    }

    /** Kaiming uniform in {@code dtype}: {@code U(-b, b)}, {@code b = gain * sqrt(3 / fanIn)}. */
    public static Tensor kaimingUniform(RandomKey key, int[] shape, int fanIn, double gain, DType dtype) {
        return uniform(key, shape, gain * Math.sqrt(3.0 / positiveFan("kaimingUniform", fanIn)), dtype);
    }

    /** FLOAT32 Kaiming normal: {@code N(0, std^2)}, {@code std = gain / sqrt(fanIn)}. */
    public static Tensor kaimingNormal(RandomKey key, int[] shape, int fanIn, double gain) {
        return kaimingNormal(key, shape, fanIn, gain, DType.FLOAT32);
    }

    /** Kaiming normal in {@code dtype}: {@code N(0, std^2)}, {@code std = gain / sqrt(fanIn)}. */
    public static Tensor kaimingNormal(RandomKey key, int[] shape, int fanIn, double gain, DType dtype) {
        return normal(key, shape, gain / Math.sqrt(positiveFan("kaimingNormal", fanIn)), dtype);
    }

    // ---- Xavier --------------------------------------------------------------------------------------

    /** FLOAT32 Xavier uniform: {@code U(-b, b)}, {@code b = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(RandomKey key, int[] shape, int fanIn, int fanOut, double gain) {
        return xavierUniform(key, shape, fanIn, fanOut, gain, DType.FLOAT32);
    }

    /** Xavier uniform in {@code dtype}: {@code U(-b, b)}, {@code b = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(RandomKey key, int[] shape, int fanIn, int fanOut, double gain, DType dtype) {
        return uniform(key, shape, gain * Math.sqrt(6.0 / fanSum("xavierUniform", fanIn, fanOut)), dtype);
    }

    /** FLOAT32 Xavier normal: {@code N(0, std^2)}, {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(RandomKey key, int[] shape, int fanIn, int fanOut, double gain) {
        return xavierNormal(key, shape, fanIn, fanOut, gain, DType.FLOAT32);
    }

    /** Xavier normal in {@code dtype}: {@code N(0, std^2)}, {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(RandomKey key, int[] shape, int fanIn, int fanOut, double gain, DType dtype) {
        return normal(key, shape, gain * Math.sqrt(2.0 / fanSum("xavierNormal", fanIn, fanOut)), dtype);
    }

    // ---- LeCun ---------------------------------------------------------------------------------------

    /** FLOAT32 LeCun uniform: {@code U(-b, b)}, {@code b = sqrt(3 / fanIn)}. */
    public static Tensor lecunUniform(RandomKey key, int[] shape, int fanIn) {
        return lecunUniform(key, shape, fanIn, DType.FLOAT32);
    }

    /** LeCun uniform in {@code dtype}: {@code U(-b, b)}, {@code b = sqrt(3 / fanIn)}. */
    public static Tensor lecunUniform(RandomKey key, int[] shape, int fanIn, DType dtype) {
        return uniform(key, shape, Math.sqrt(3.0 / positiveFan("lecunUniform", fanIn)), dtype);
    }

    /** FLOAT32 LeCun normal: {@code N(0, 1 / fanIn)}. */
    public static Tensor lecunNormal(RandomKey key, int[] shape, int fanIn) {
        return lecunNormal(key, shape, fanIn, DType.FLOAT32);
    }

    /** LeCun normal in {@code dtype}: {@code N(0, 1 / fanIn)}. */
    public static Tensor lecunNormal(RandomKey key, int[] shape, int fanIn, DType dtype) {
        return normal(key, shape, 1.0 / Math.sqrt(positiveFan("lecunNormal", fanIn)), dtype);
    }

    // ---- PyTorch default and constants ---------------------------------------------------------------

    /**
     * PyTorch's default initialization of {@code nn.Linear} and {@code nn.ConvNd} weights and biases:
     * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} (Kaiming uniform with {@code a = sqrt(5)}); all zeros when
     * {@code fanIn} is 0, as PyTorch does for the bias.
     */
    public static Tensor defaultUniform(RandomKey key, int[] shape, int fanIn, DType dtype) {
        if (fanIn < 0) {
            throw new IllegalArgumentException("defaultUniform: fan in " + fanIn + "; expected fan in >= 0");
        }
        return fanIn == 0 ? zeros(shape, dtype) : uniform(key, shape, 1.0 / Math.sqrt(fanIn), dtype);
    }

    /** {@code U(-bound, bound)} in {@code dtype}; all zeros when {@code bound} is 0. */
    public static Tensor uniform(RandomKey key, int[] shape, double bound, DType dtype) {
        requireFloat("uniform", dtype);
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("uniform: bound " + bound + "; expected a finite bound >= 0");
        }
        if (bound == 0 || sizeOf(shape) == 0) {
            return zeros(shape, dtype);
        }
        return Rng.uniform(key, dtype, -bound, bound, shape);
    }

    /** {@code N(0, std^2)} in {@code dtype}. */
    public static Tensor normal(RandomKey key, int[] shape, double std, DType dtype) {
        requireFloat("normal", dtype);
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("normal: standard deviation " + std + "; expected a finite std >= 0");
        }
        return Rng.normal(key, dtype, shape).mul(std);
    }

    /** FLOAT32 zeros. */
    public static Tensor zeros(int... shape) {
        return Tensor.zeros(shape);
    }

    /** Zeros in {@code dtype}. */
    public static Tensor zeros(int[] shape, DType dtype) {
        requireFloat("zeros", dtype);
        return Tensor.zeros(dtype, shape);
    }

    /** Ones in {@code dtype} (the scale of normalization layers). */
    public static Tensor ones(int[] shape, DType dtype) {
        requireFloat("ones", dtype);
        return Tensor.ones(dtype, shape);
    }

    static void requireFloat(String op, DType dtype) {
        if (dtype == null || !dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": dtype " + (dtype == null ? "null" : dtype.label())
                    + "; expected float32 or float64");
        }
    }

    private static int positiveFan(String op, int fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException(op + ": fan in " + fanIn + "; expected fan in >= 1");
        }
        return fanIn;
    }

    private static int fanSum(String op, int fanIn, int fanOut) {
        if (fanIn < 0 || fanOut < 0 || fanIn + fanOut <= 0) {
            throw new IllegalArgumentException(op + ": fan in " + fanIn + " and fan out " + fanOut
                    + "; expected fans >= 0 with a positive sum");
        }
        return fanIn + fanOut;
    }

    private static long sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
