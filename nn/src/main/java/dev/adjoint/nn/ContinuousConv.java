package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * The continuous convolution of Ummenhofer et al. 2020 (CConv) from input points with features to query
 * points:
 *
 * <pre>
 * out(x) = (1 / psi(x)) sum_{j : |x_j - x| &lt;= R} a(|x_j - x| / R) f_j^T G(map((x_j - x) / R)) + bias
 * </pre>
 *
 * with a {@link PointWindow} {@code a} (default {@link PointWindow#POLY6}), a {@link BallToCube} mapping (default
 * volume-preserving) and a learnable filter grid {@code G} read by multilinear interpolation with aligned
 * corners (grid coordinate {@code (map + 0.5)(K - 1)}, clamped to the grid). The normalisation {@code psi}
 * (the sum of the windows) is off unless {@link #normalized()}; self-pairs are included unless
 * {@link #ignoringSelf()}.
 *
 * <p>Parameters: {@code weight [K..., in, out]} with the kernel sizes in grid-axis order (z, y, x; e.g.
 * {@code [4, 4, 4]} in 3D, {@code [8, 8]} in 2D) and, with a bias, {@code bias [out]}; both initialised
 * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} with {@code fan_in = in * prod(K)} as PyTorch's convolutions.
 * The output is differentiable in the features, the parameters and the point and query coordinates (away from
 * the kinks of the mapping and the interpolation).
 */
public final class ContinuousConv implements PointLayer {
    private static final String OP = "ContinuousConv";

    private final int in;
    private final int out;
    private final int[] kernel;
    private final double radius;
    private final PointWindow window;
    private final BallToCube mapping;
    private final boolean includeSelf;
    private final boolean bias;
    private final boolean normalize;
    private final DType dtype;

    /**
     * A convolution {@code in -> out} channels with filter grid sizes {@code kernel} (grid-axis order, one per
     * spatial dimension, so {@code kernel.length} is the dimension) and filter radius {@code radius}.
     */
    public ContinuousConv(int in, int out, int[] kernel, double radius) {
        this(in, out, PointConvSupport.checkKernel(OP, kernel), radius, PointWindow.POLY6,
                BallToCube.VOLUME_PRESERVING, true, true, false, DType.FLOAT32);
    }

    private ContinuousConv(int in, int out, int[] kernel, double radius, PointWindow window, BallToCube mapping,
            boolean includeSelf, boolean bias, boolean normalize, DType dtype) {
        PointConvSupport.requireSizes(OP, kernel.length, in, out);
        PointConvSupport.requireRadius(OP, radius);
        Initializers.requireFloat(OP, dtype);
        if (window == null || mapping == null) {
            throw new IllegalArgumentException(OP + ": window and mapping must not be null");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.radius = radius;
        this.window = window;
        this.mapping = mapping;
        this.includeSelf = includeSelf;
        this.bias = bias;
        this.normalize = normalize;
        this.dtype = dtype;
    }

    /** This convolution with another window. */
    public ContinuousConv withWindow(PointWindow w) {
        return new ContinuousConv(in, out, kernel, radius, w, mapping, includeSelf, bias, normalize, dtype);
    }

    /** This convolution with another ball-to-cube mapping. */
    public ContinuousConv withMapping(BallToCube m) {
        return new ContinuousConv(in, out, kernel, radius, window, m, includeSelf, bias, normalize, dtype);
    }

    /** This convolution dropping the pair of a query with itself (when queries are the points). */
    public ContinuousConv ignoringSelf() {
        return new ContinuousConv(in, out, kernel, radius, window, mapping, false, bias, normalize, dtype);
    }

    /** This convolution without a bias. */
    public ContinuousConv withoutBias() {
        return new ContinuousConv(in, out, kernel, radius, window, mapping, includeSelf, false, normalize, dtype);
    }

    /** This convolution divided by the sum of the windows over each query's neighbours. */
    public ContinuousConv normalized() {
        return new ContinuousConv(in, out, kernel, radius, window, mapping, includeSelf, bias, true, dtype);
    }

    /** This convolution whose {@link #init} creates parameters in {@code d}. */
    public ContinuousConv withDType(DType d) {
        return new ContinuousConv(in, out, kernel, radius, window, mapping, includeSelf, bias, normalize, d);
    }

    /** The spatial dimension. */
    public int dims() {
        return kernel.length;
    }

    /** The filter radius R. */
    public double radius() {
        return radius;
    }

    /** The filter grid sizes in grid-axis order. */
    public int[] kernel() {
        return kernel.clone();
    }

    @Override
    public Params init(RandomKey key) {
        RandomKey[] keys = key.split(2);
        int fanIn = in * PointConvSupport.cells(kernel);
        Params p = Params.of("weight", Initializers.defaultUniform(keys[0], weightShape(), fanIn, dtype));
        return bias ? p.with("bias", Initializers.defaultUniform(keys[1], new int[] {out}, fanIn, dtype)) : p;
    }

    private int[] weightShape() {
        return PointConvSupport.weightShape(kernel, in, out);
    }

    @Override
    public Tensor apply(Params params, PointNeighborhood neighborhood, Tensor features) {
        if (bias) {
            PointConvSupport.requireInput(OP, neighborhood, features, dims(), in, params, "weight", "bias");
        } else {
            PointConvSupport.requireInput(OP, neighborhood, features, dims(), in, params, "weight");
        }
        PointConvSupport.requireSameRadius(OP, neighborhood, radius);
        Tensor w = PointConvSupport.requireShape(OP, params, "weight", weightShape());
        Tensor y = PointConvSupport.filterGrid(w, neighborhood, features, radius, kernel, window, mapping,
                includeSelf, false, normalize);
        return bias ? y.add(PointConvSupport.requireShape(OP, params, "bias", out)) : y;
    }

    /** Convolves {@code features [n, in]} at {@code points [n, dims]} onto the points themselves. */
    public Tensor apply(Params params, Tensor points, Tensor features) {
        return apply(params, PointNeighborhood.search(points, radius), features);
    }

    /** Convolves {@code features [n, in]} at {@code points [n, dims]} onto {@code queries [m, dims]}. */
    public Tensor apply(Params params, Tensor points, Tensor features, Tensor queries) {
        return apply(params, PointNeighborhood.search(points, queries, radius), features);
    }

    @Override
    public String describe() {
        return "ContinuousConv(" + in + " -> " + out + ", kernel " + Arrays.toString(kernel) + ", R=" + radius
                + ", " + window + ", " + mapping + (includeSelf ? "" : ", no self") + (bias ? "" : ", bias=false")
                + (normalize ? ", normalized" : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
