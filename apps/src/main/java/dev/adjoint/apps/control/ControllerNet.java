package dev.adjoint.apps.control;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.nn.Activation;
import dev.adjoint.nn.Conv;
import dev.adjoint.nn.Dense;
import dev.adjoint.nn.Initializers;
import dev.adjoint.nn.Layer;
import dev.adjoint.nn.Models;
import java.util.Arrays;
import java.util.List;

/**
 * The controller networks of the stable-BPTT problems (optim reference, sections 1.6 to 1.8): a state batch in,
 * one control per sample out, shaped like the problem's zero control.
 */
interface ControllerNet {
    /** Initial parameters drawn from {@code key}, with the published initialisation quirks. */
    Params init(RandomKey key);

    /** The controls for a batch of states. */
    Tensor apply(Params params, Tensor states);

    /**
     * flatten -> Dense(100, tanh) -> Dense(100, tanh) -> Dense(control) -> control shape, initialised as Keras does
     * ({@link #kerasDefaults}); the last kernel is then zeroed (cart-pole and guidance), so the untrained controller
     * outputs exactly zero.
     */
    static ControllerNet mlp(int[] stateShape, int[] controlShape) {
        int in = Arrays.stream(stateShape).reduce(1, (a, b) -> a * b);
        int out = Arrays.stream(controlShape).reduce(1, (a, b) -> a * b);
        Layer net = Models.mlp(in, new int[] {100, 100}, out, Activation.tanh());
        String lastKernel = "dense2/weight";
        return new ControllerNet() {
            @Override
            public Params init(RandomKey key) {
                Params p = kerasDefaults(net.init(key), key);
                return p.with(lastKernel, p.get(lastKernel).mul(0));
            }

            @Override
            public Tensor apply(Params params, Tensor states) {
                int batch = states.shape().dim(0);
                Tensor y = net.apply(params, states.reshape(batch, in));
                return y.reshape(withBatch(batch, controlShape));
            }
        };
    }

    /**
     * The quantum-control network: the {@code [32, 2]} state as a one-channel image, Conv2D(60, (3, 2), stride 2,
     * tanh) to {@code [60, 15]}, Conv1D(60, 3, stride 2, tanh) to {@code [60, 7]}, flatten, Dense(1); Keras'
     * random initialisation ({@link #kerasDefaults}; the published zeroing hits a bias that is zero anyway).
     */
    static ControllerNet quantum(int[] stateShape, int[] controlShape) {
        int points = stateShape[0];
        ConvOptions stride2 = ConvOptions.defaults().stride(2);
        Conv first = new Conv(2, 1, 60, new int[] {3, 2}, stride2, true);
        Conv second = new Conv(1, 60, 60, new int[] {3}, stride2, true);
        int afterFirst = (points - 3) / 2 + 1;
        int afterSecond = (afterFirst - 3) / 2 + 1;
        int out = Arrays.stream(controlShape).reduce(1, (a, b) -> a * b);
        Dense head = new Dense(60 * afterSecond, out);
        return new ControllerNet() {
            @Override
            public Params init(RandomKey key) {
                RandomKey[] k = key.split(4);
                Params p = first.init(k[0]).prefixed("conv0").merge(second.init(k[1]).prefixed("conv1"))
                        .merge(head.init(k[2]).prefixed("dense"));
                return kerasDefaults(p, k[3]);
            }

            @Override
            public Tensor apply(Params params, Tensor states) {
                int batch = states.shape().dim(0);
                Tensor image = states.reshape(batch, 1, points, 2);
                Tensor h = first.apply(params.subtree("conv0"), image).tanh().reshape(batch, 60, afterFirst);
                h = second.apply(params.subtree("conv1"), h).tanh().reshape(batch, 60 * afterSecond);
                return head.apply(params.subtree("dense"), h).reshape(withBatch(batch, controlShape));
            }
        };
    }

    /**
     * Keras' default initialisation, which the published code keeps: Glorot-uniform kernels (fans from the
     * kernel's shape, as Keras counts them) and zero biases. Our layers start PyTorch-style instead; of
     * {@code params} only the names, shapes and dtypes are kept, every value is drawn anew from {@code key}.
     */
    static Params kerasDefaults(Params params, RandomKey key) {
        List<String> names = params.names();
        RandomKey[] keys = key.split(names.size());
        Params out = params;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Tensor value = params.get(name);
            int[] shape = value.shape().dims();
            if (name.endsWith("bias")) {
                out = out.with(name, value.mul(0));
            } else {
                Initializers.Fans fans = Initializers.fans(shape);
                out = out.with(name, Initializers.xavierUniform(keys[i], shape, fans.fanIn(), fans.fanOut(), 1,
                        value.dtype()));
            }
        }
        return out;
    }

    private static int[] withBatch(int batch, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = batch;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
