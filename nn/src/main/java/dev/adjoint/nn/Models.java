package dev.adjoint.nn;

import dev.adjoint.api.ConvOptions;
import java.util.Arrays;

/** Static builders of ready-made networks: MLP, plain convolutional net, ResNet and U-Net. */
public final class Models {
    private Models() {
    }

    /**
     * A multilayer perceptron {@code [..., in] -> [..., out]}: {@code dense0}, {@code act0}, ...,
     * {@code dense<h>} for {@code h = hidden.length}, with {@code act} after every hidden layer and none after
     * the last. Parameters are named {@code dense<i>/weight} and {@code dense<i>/bias}.
     */
    public static Sequential mlp(int in, int[] hidden, int out, Activation act) {
        requirePositive("mlp", in, out, hidden);
        Sequential.Builder b = Sequential.builder();
        int width = in;
        for (int i = 0; i < hidden.length; i++) {
            b.add("dense" + i, new Dense(width, hidden[i]));
            b.add("act" + i, act);
            width = hidden[i];
        }
        b.add("dense" + hidden.length, new Dense(width, out));
        return b.build();
    }

    /**
     * A plain convolutional network {@code [N, in, spatial...] -> [N, out, spatial...]} of stride-1 "same"
     * convolutions: {@code conv0}, {@code act0}, ..., {@code conv<h>} with {@code h = channels.length} hidden
     * convolutions followed by {@code act}, and a last convolution to {@code out} channels without activation;
     * every kernel is {@code kernel} wide and pads periodically when {@code periodic}.
     */
    public static Sequential convNet(int dims, int in, int[] channels, int out, int kernel, boolean periodic,
            Activation act) {
        requirePositive("convNet", in, out, channels);
        if (dims < 1 || dims > 3 || kernel < 1) {
            throw new IllegalArgumentException("convNet: expected dims in 1..3 and kernel >= 1, got dims " + dims
                    + ", kernel " + kernel);
        }
        ConvOptions same = ResidualBlock.sameOptions(periodic);
        Sequential.Builder b = Sequential.builder();
        int width = in;
        for (int i = 0; i < channels.length; i++) {
            b.add("conv" + i, new Conv(dims, width, channels[i], kernel, same));
            b.add("act" + i, act);
            width = channels[i];
        }
        b.add("conv" + channels.length, new Conv(dims, width, out, kernel, same));
        return b.build();
    }

    /** A {@link ResNet} of {@code blocks} residual blocks of {@code filters} channels, GroupNorm(8) and GELU. */
    public static ResNet resNet(int dims, int in, int out, int filters, int blocks, boolean periodic) {
        return new ResNet(dims, in, out, filters, blocks, periodic, 8, Activation.gelu());
    }

    /** A {@link ResNet} with the given activation. */
    public static ResNet resNet(int dims, int in, int out, int filters, int blocks, boolean periodic,
            Activation act) {
        return new ResNet(dims, in, out, filters, blocks, periodic, 8, act);
    }

    /** The {@link UNet} described by {@code config}. */
    public static UNet uNet(UNetConfig config) {
        return new UNet(config);
    }

    private static void requirePositive(String op, int in, int out, int[] widths) {
        if (in < 1 || out < 1 || widths == null) {
            throw new IllegalArgumentException(op + ": expected positive in and out and a width array, got in "
                    + in + ", out " + out + ", widths " + (widths == null ? "null" : Arrays.toString(widths)));
        }
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException(op + ": hidden widths must be positive, got "
                        + Arrays.toString(widths));
            }
        }
    }
}
