package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The symmetric basis convolution of Winchenbach &amp; Thuerey 2024 (SFBC): a continuous convolution whose filter
 * is a separable product of one-dimensional bases,
 *
 * <pre>
 * out_i = sum_{j : |x_j - x_i| &lt;= H} w(|p_ij|) sum_{u, v(, s)} b_u(p_x) b_v(p_y) (b_s(p_z)) W[u, v(, s)]^T f_j
 * </pre>
 *
 * with {@code p_ij = (x_j - x_i) / H} clamped to {@code [-1, 1]} per component (cartesian mapping), or the
 * volume-preserving ball-to-cube image of it scaled to {@code [-1, 1]} ({@link #withBallToCube()}). Defaults
 * follow SFBC: no window ({@link PointWindow#NONE}), self-pairs removed ({@link #includingSelf()} keeps them, as
 * SFBC's single-layer networks do) and no bias.
 *
 * <p>Parameters: {@code weight [n_x(, n_y(, n_z)), in, out]} in component order (x first), initialised
 * {@code U(-0.05, 0.05)}; for {@link PointBasis#CHEBYSHEV} slice {@code k} of every basis axis is scaled by
 * {@code e^-k} as in SFBC. With a bias, {@code bias [out]} starts at zero.
 */
public final class SymmetricBasisConv implements PointLayer {
    private static final String OP = "SymmetricBasisConv";

    private final int in;
    private final int out;
    private final PointBasis basis;
    private final int[] terms;
    private final double radius;
    private final PointWindow window;
    private final boolean ballToCube;
    private final boolean includeSelf;
    private final boolean bias;
    private final DType dtype;

    /**
     * A basis convolution {@code in -> out} in {@code terms.length} dimensions with {@code terms[a]} basis
     * functions along component {@code a} (x, y, z) and support radius {@code radius}.
     */
    public SymmetricBasisConv(int in, int out, PointBasis basis, int[] terms, double radius) {
        this(in, out, basis, terms == null ? null : terms.clone(), radius, PointWindow.NONE, false, false, false,
                DType.FLOAT32);
    }

    private SymmetricBasisConv(int in, int out, PointBasis basis, int[] terms, double radius, PointWindow window,
            boolean ballToCube, boolean includeSelf, boolean bias, DType dtype) {
        if (terms == null || basis == null || window == null) {
            throw new IllegalArgumentException(OP + ": basis, terms and window must not be null");
        }
        PointConvSupport.requireSizes(OP, terms.length, in, out);
        PointConvSupport.requireRadius(OP, radius);
        Initializers.requireFloat(OP, dtype);
        for (int n : terms) {
            if (n < basis.minTerms()) {
                throw new IllegalArgumentException(OP + ": terms " + Arrays.toString(terms) + " for basis " + basis
                        + "; expected at least " + basis.minTerms() + " per axis");
            }
        }
        this.in = in;
        this.out = out;
        this.basis = basis;
        this.terms = terms;
        this.radius = radius;
        this.window = window;
        this.ballToCube = ballToCube;
        this.includeSelf = includeSelf;
        this.bias = bias;
        this.dtype = dtype;
    }

    /** This convolution with a window on {@code |p_ij|}. */
    public SymmetricBasisConv withWindow(PointWindow w) {
        return new SymmetricBasisConv(in, out, basis, terms, radius, w, ballToCube, includeSelf, bias, dtype);
    }

    /** This convolution reading the basis at the volume-preserving ball-to-cube image of the offsets. */
    public SymmetricBasisConv withBallToCube() {
        return new SymmetricBasisConv(in, out, basis, terms, radius, window, true, includeSelf, bias, dtype);
    }

    /** This convolution keeping the pair of each point with itself. */
    public SymmetricBasisConv includingSelf() {
        return new SymmetricBasisConv(in, out, basis, terms, radius, window, ballToCube, true, bias, dtype);
    }

    /** This convolution with a bias {@code [out]}. */
    public SymmetricBasisConv withBias() {
        return new SymmetricBasisConv(in, out, basis, terms, radius, window, ballToCube, includeSelf, true, dtype);
    }

    /** This convolution whose {@link #init} creates parameters in {@code d}. */
    public SymmetricBasisConv withDType(DType d) {
        return new SymmetricBasisConv(in, out, basis, terms, radius, window, ballToCube, includeSelf, bias, d);
    }

    /** The spatial dimension. */
    public int dims() {
        return terms.length;
    }

    /** The support radius H. */
    public double radius() {
        return radius;
    }

    private int[] weightShape() {
        return PointConvSupport.weightShape(terms, in, out);
    }

    @Override
    public Params init(RandomKey key) {
        RandomKey[] keys = key.split(2);
        int[] shape = weightShape();
        Tensor w = Initializers.uniform(keys[0], shape, 0.05, dtype);
        if (basis.decays()) {
            for (int a = 0; a < terms.length; a++) {
                double[] decay = new double[terms[a]];
                for (int k = 0; k < decay.length; k++) {
                    decay[k] = Math.exp(-k);
                }
                int[] bshape = new int[shape.length];
                Arrays.fill(bshape, 1);
                bshape[a] = terms[a];
                w = w.mul(Tensor.of(decay, bshape).cast(dtype));
            }
        }
        Params p = Params.of("weight", w);
        return bias ? p.with("bias", Tensor.zeros(dtype, out)) : p;
    }

    /**
     * The separable products {@code [..., prod(terms)]} (x slowest) of per-axis basis values {@code factors[a]
     * [..., terms[a]]}.
     */
    static Tensor outerProducts(Tensor[] factors) {
        Tensor phi = factors[0];
        int last = phi.rank() - 1;
        for (int a = 1; a < factors.length; a++) {
            int[] lead = phi.shape().dims();
            lead[last] *= factors[a].dim(last);
            phi = phi.unsqueeze(last + 1).mul(factors[a].unsqueeze(last)).reshape(lead);
        }
        return phi;
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
        Tensor p = neighborhood.edgeOffsets().div(radius);
        Tensor a = PointConvSupport.edgeWindow(neighborhood, window, p, includeSelf);
        Tensor coords = (ballToCube ? BallToCube.VOLUME_PRESERVING.map(p).mul(2.0) : p).clamp(-1.0, 1.0);
        Tensor[] perEdge = new Tensor[terms.length];
        for (int ax = 0; ax < terms.length; ax++) {
            Tensor b = basis.evaluate(coords.slice(1, ax, ax + 1), terms[ax]);
            perEdge[ax] = neighborhood.padEdges(ax == 0 ? b.mul(a) : b);
        }
        int cells = PointConvSupport.cells(terms);
        Tensor filter = w.reshape(cells * in, out);
        List<Tensor> outs = new ArrayList<>();
        for (PointNeighborhood.Chunk c : neighborhood.chunks()) {
            Tensor[] factors = new Tensor[terms.length];
            for (int ax = 0; ax < terms.length; ax++) {
                factors[ax] = neighborhood.toSlots(c, perEdge[ax]);
            }
            Tensor spread = Tensor.matmul(outerProducts(factors), neighborhood.gatherNeighbors(c, features), true,
                    false);
            outs.add(spread.reshape(c.rows(), cells * in).matmul(filter));
        }
        Tensor y = PointConvSupport.joinChunks(neighborhood, outs, features.dtype(), out);
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
        return "SymmetricBasisConv(" + in + " -> " + out + ", " + basis + " " + Arrays.toString(terms) + ", H="
                + radius + ", window " + window + (ballToCube ? ", ball-to-cube" : "")
                + (includeSelf ? ", with self" : "") + (bias ? ", bias" : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
