package dev.adjoint.api.conformance;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.ConvSpec;
import dev.adjoint.api.spi.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Conformance cases of the convolution kernels in 1-3 spatial dimensions: forward {@code conv} and
 * {@code convTranspose} through the public ops (stride, dilation, groups, explicit, "same" and periodic
 * padding, output padding, empty batches), and the weight adjoint {@link Backend#convWeightGrad} and the
 * input adjoint {@link Backend#convTranspose} called directly with hand-built {@link ConvSpec}s (including
 * asymmetric padding, which the public ops reach only through "same" padding).
 */
public final class ConvolutionCases {
    /** Input shape, weight shape and options of one public-op case; {@code label} describes the options. */
    private record Plan(int[] x, int[] w, String label, UnaryOperator<ConvOptions> options) {
    }

    /** A spec for the direct kernel calls: the forward geometry {@code x} with kernel {@code w}. */
    private record Direct(int[] x, int[] w, int groups, int[] stride, int[] dilation, int[] padBefore,
            int[] padAfter, boolean periodic, String label) {
    }

    private static final List<Plan> CONV = List.of(
            new Plan(new int[] {2, 3, 9}, new int[] {4, 3, 3}, "defaults", o -> o),
            new Plan(new int[] {2, 3, 9}, new int[] {4, 3, 3}, "stride 2", o -> o.stride(2)),
            new Plan(new int[] {1, 2, 9}, new int[] {3, 2, 3}, "dilation 2 padding 2", o -> o.dilation(2).padding(2)),
            new Plan(new int[] {2, 6, 8}, new int[] {6, 2, 3}, "groups 3 padding 1", o -> o.groups(3).padding(1)),
            new Plan(new int[] {2, 2, 7}, new int[] {2, 2, 3}, "periodic padding 2", o -> o.periodic().padding(2)),
            new Plan(new int[] {1, 3, 9}, new int[] {2, 3, 4}, "same padding", ConvOptions::samePadding),
            new Plan(new int[] {1, 1, 5}, new int[] {1, 1, 5}, "full-width kernel", o -> o),
            new Plan(new int[] {3, 4, 17}, new int[] {8, 1, 3}, "groups 4 stride 3 padding 1",
                    o -> o.groups(4).stride(3).padding(1)),
            new Plan(new int[] {0, 2, 7}, new int[] {3, 2, 3}, "empty batch", o -> o),
            new Plan(new int[] {2, 4, 7, 6}, new int[] {6, 2, 3, 2}, "groups 2 stride (2,1) dilation (1,2) padding (1,2)",
                    o -> o.groups(2).stride(2, 1).dilation(1, 2).padding(1, 2)),
            new Plan(new int[] {1, 3, 6, 5}, new int[] {4, 3, 3, 3}, "periodic padding 1", o -> o.periodic().padding(1)),
            new Plan(new int[] {2, 2, 5, 9}, new int[] {3, 2, 1, 1}, "pointwise", o -> o),
            new Plan(new int[] {1, 2, 8, 8}, new int[] {2, 2, 3, 3}, "same padding dilation 2",
                    o -> o.samePadding().dilation(2)),
            new Plan(new int[] {1, 2, 5, 6, 5}, new int[] {3, 2, 3, 3, 2}, "padding 1 stride 2",
                    o -> o.padding(1).stride(2)),
            new Plan(new int[] {2, 2, 5, 5, 5}, new int[] {2, 1, 3, 3, 3}, "groups 2 periodic padding 1",
                    o -> o.groups(2).periodic().padding(1)),
            new Plan(new int[] {1, 3, 4, 5, 6}, new int[] {2, 3, 2, 2, 2}, "dilation (1,2,1)", o -> o.dilation(1, 2, 1)));

    private static final List<Plan> TRANSPOSE = List.of(
            new Plan(new int[] {2, 4, 5}, new int[] {4, 3, 3}, "defaults", o -> o),
            new Plan(new int[] {2, 4, 5}, new int[] {4, 3, 3}, "stride 2", o -> o.stride(2)),
            new Plan(new int[] {1, 2, 6}, new int[] {2, 3, 3}, "stride 2 padding 1 outputPadding 1",
                    o -> o.stride(2).padding(1).outputPadding(1)),
            new Plan(new int[] {2, 6, 5}, new int[] {6, 2, 3}, "groups 3 stride 2 dilation 2 padding 1",
                    o -> o.groups(3).stride(2).dilation(2).padding(1)),
            new Plan(new int[] {1, 2, 7}, new int[] {2, 2, 3}, "periodic padding 1", o -> o.periodic().padding(1)),
            new Plan(new int[] {0, 2, 7}, new int[] {2, 3, 3}, "empty batch", o -> o),
            new Plan(new int[] {2, 4, 4, 3}, new int[] {4, 3, 3, 2}, "stride (2,1) padding (1,0)",
                    o -> o.stride(2, 1).padding(1, 0)),
            new Plan(new int[] {1, 4, 5, 5}, new int[] {4, 1, 3, 3}, "groups 2 stride 2 padding 1 outputPadding 1",
                    o -> o.groups(2).stride(2).padding(1).outputPadding(1)),
            new Plan(new int[] {1, 2, 6, 5}, new int[] {2, 3, 3, 3}, "periodic padding 1", o -> o.periodic().padding(1)),
            new Plan(new int[] {1, 2, 3, 4, 3}, new int[] {2, 2, 2, 3, 2}, "stride 2", o -> o.stride(2)),
            new Plan(new int[] {1, 2, 4, 4, 4}, new int[] {2, 1, 3, 3, 3}, "periodic padding 1",
                    o -> o.periodic().padding(1)));

    private static final List<Direct> DIRECT = List.of(
            new Direct(new int[] {2, 3, 9}, new int[] {4, 3, 3}, 1, new int[] {1}, new int[] {1}, new int[] {0},
                    new int[] {0}, false, "1-D defaults"),
            new Direct(new int[] {2, 6, 9}, new int[] {4, 3, 3}, 2, new int[] {2}, new int[] {2}, new int[] {2},
                    new int[] {1}, false, "1-D groups 2 stride 2 dilation 2 padding 2+1"),
            new Direct(new int[] {1, 2, 7}, new int[] {3, 2, 4}, 1, new int[] {1}, new int[] {1}, new int[] {1},
                    new int[] {2}, true, "1-D periodic padding 1+2"),
            new Direct(new int[] {2, 4, 7, 6}, new int[] {6, 2, 3, 2}, 2, new int[] {2, 1}, new int[] {1, 2},
                    new int[] {1, 2}, new int[] {1, 2}, false, "2-D groups 2 stride (2,1) dilation (1,2)"),
            new Direct(new int[] {1, 3, 6, 5}, new int[] {2, 3, 3, 2}, 1, new int[] {1, 1}, new int[] {1, 1},
                    new int[] {1, 0}, new int[] {1, 1}, true, "2-D periodic asymmetric padding"),
            new Direct(new int[] {1, 2, 5, 6, 5}, new int[] {3, 2, 3, 3, 2}, 1, new int[] {2, 2, 2},
                    new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, false, "3-D stride 2 padding 1"),
            new Direct(new int[] {2, 2, 5, 5, 5}, new int[] {2, 1, 3, 3, 3}, 2, new int[] {1, 1, 1},
                    new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1}, true, "3-D groups 2 periodic"),
            new Direct(new int[] {0, 2, 7}, new int[] {3, 2, 3}, 1, new int[] {1}, new int[] {1}, new int[] {0},
                    new int[] {0}, false, "1-D empty batch"));

    private ConvolutionCases() {
    }

    /** All convolution cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (DType dtype : Shapes.FLOATS) {
            for (Plan p : CONV) {
                String name = "conv " + dtype.label() + " " + Shapes.str(p.x()) + "*" + Shapes.str(p.w()) + " " + p.label();
                RandomInputs r = new RandomInputs(name);
                ConvOptions o = p.options().apply(ConvOptions.defaults());
                long terms = (long) p.w()[1] * spatialSize(p.w());
                out.add(Case.of("conv", "conv", name, Tolerance.reduction(dtype, terms, 1), in -> in[0].conv(in[1], o),
                        r.uniform(dtype, p.x(), -1, 1), r.uniform(dtype, p.w(), -1, 1)));
            }
            for (Plan p : TRANSPOSE) {
                String name = "convTranspose " + dtype.label() + " " + Shapes.str(p.x()) + "*" + Shapes.str(p.w()) + " "
                        + p.label();
                RandomInputs r = new RandomInputs(name);
                ConvOptions o = p.options().apply(ConvOptions.defaults());
                long terms = (long) p.w()[0] / o.groups() * spatialSize(p.w());
                out.add(Case.of("conv", "convTranspose", name, Tolerance.reduction(dtype, terms, 1),
                        in -> in[0].convTranspose(in[1], o), r.uniform(dtype, p.x(), -1, 1),
                        r.uniform(dtype, p.w(), -1, 1)));
            }
            for (Direct d : DIRECT) {
                ConvSpec spec = spec(d);
                int[] y = withSpatial(spec.batch(), spec.outChannels(), spec.outSize());
                String name = "convWeightGrad " + dtype.label() + " " + Shapes.str(d.x()) + "*" + Shapes.str(d.w())
                        + " " + d.label();
                RandomInputs r = new RandomInputs(name);
                long terms = (long) spec.batch() * Shapes.size(spec.outSize());
                int[] w = d.w();
                out.add(Case.many("conv", "convWeightGrad", name, Tolerance.reduction(dtype, terms, 1),
                        (b, in) -> List.of(kernel(b, b.convWeightGrad(in[0].storage(), in[1].storage(), spec), w)),
                        r.uniform(dtype, d.x(), -1, 1), r.uniform(dtype, y, -1, 1)));

                String tname = "convTranspose kernel " + dtype.label() + " " + Shapes.str(y) + "*" + Shapes.str(d.w())
                        + " " + d.label();
                RandomInputs rt = new RandomInputs(tname);
                long tterms = (long) spec.outChannels() / spec.groups() * spatialSize(d.w());
                int[] x = d.x();
                out.add(Case.many("conv", "convTranspose", tname, Tolerance.reduction(dtype, tterms, 1),
                        (b, in) -> List.of(kernel(b, b.convTranspose(in[0].storage(), in[1].storage(), spec), x)),
                        rt.uniform(dtype, y, -1, 1), rt.uniform(dtype, d.w(), -1, 1)));

                String fname = "conv kernel " + dtype.label() + " " + Shapes.str(d.x()) + "*" + Shapes.str(d.w()) + " "
                        + d.label();
                RandomInputs rf = new RandomInputs(fname);
                long fterms = (long) d.w()[1] * spatialSize(d.w());
                out.add(Case.many("conv", "conv", fname, Tolerance.reduction(dtype, fterms, 1),
                        (b, in) -> List.of(kernel(b, b.conv(in[0].storage(), in[1].storage(), spec), y)),
                        rf.uniform(dtype, d.x(), -1, 1), rf.uniform(dtype, d.w(), -1, 1)));
            }
        }
        return out;
    }

    /** The spec of a direct case: output sizes from the padded input and the dilated kernel extent. */
    private static ConvSpec spec(Direct d) {
        int dims = d.x().length - 2;
        int[] in = Arrays.copyOfRange(d.x(), 2, d.x().length);
        int[] k = Arrays.copyOfRange(d.w(), 2, d.w().length);
        int[] outSize = new int[dims];
        for (int i = 0; i < dims; i++) {
            int extent = d.dilation()[i] * (k[i] - 1) + 1;
            outSize[i] = (in[i] + d.padBefore()[i] + d.padAfter()[i] - extent) / d.stride()[i] + 1;
        }
        return new ConvSpec(dims, d.x()[0], d.x()[1], d.w()[0], d.groups(), in, k, outSize, d.stride().clone(),
                d.dilation().clone(), d.padBefore().clone(), d.periodic());
    }

    private static Tensor kernel(Backend b, Storage s, int[] shape) {
        return Tensor.fromStorage(b, s, Shape.of(shape));
    }

    private static int[] withSpatial(int batch, int channels, int[] size) {
        int[] dims = new int[size.length + 2];
        dims[0] = batch;
        dims[1] = channels;
        System.arraycopy(size, 0, dims, 2, size.length);
        return dims;
    }

    private static long spatialSize(int[] w) {
        long n = 1;
        for (int i = 2; i < w.length; i++) {
            n *= w[i];
        }
        return n;
    }
}
