package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * The antisymmetric continuous convolution (ASCC) of Prantl et al. 2022, which conserves linear momentum by
 * construction. On one point set (points are their own queries) it computes
 *
 * <pre>
 * out_i = sum_{j != i, |x_j - x_i| &lt;= R} a(|x_j - x_i| / R) (f_i + f_j)^T g(map((x_j - x_i) / R))
 * </pre>
 *
 * with an odd filter {@code g(-p) = -g(p)}: the learnable half grid {@code weight} covers half of the grid
 * along the symmetry axis, and the full grid is {@code concat(-flipAllAxes(weight), weight)} along that axis,
 * point-antisymmetric about the grid centre. With a window symmetric in {@code (i, j)}, the symmetric pair
 * term {@code f_i + f_j}, no normalisation and no bias, the pair terms cancel: {@code sum_i out_i = 0}.
 *
 * <p>Defaults follow DMCF's final layer: the "peak" window {@link PointWindow#PEAK}, the volume-preserving
 * mapping and symmetry along grid axis 0 (y of a 2D {@code [8, 8]} kernel). Parameters: {@code weight} of the
 * kernel shape with the symmetry axis halved, then {@code [in, out]}, initialised like {@link ContinuousConv}.
 */
public final class AntisymmetricContinuousConv implements PointLayer {
    private static final String OP = "AntisymmetricContinuousConv";

    private final int in;
    private final int out;
    private final int[] kernel;
    private final int symmetryAxis;
    private final double radius;
    private final PointWindow window;
    private final BallToCube mapping;
    private final DType dtype;

    /**
     * An antisymmetric convolution {@code in -> out} with full grid sizes {@code kernel} (grid-axis order; the
     * size along the symmetry axis, axis 0, must be even) and radius {@code radius}.
     */
    public AntisymmetricContinuousConv(int in, int out, int[] kernel, double radius) {
        this(in, out, PointConvSupport.checkKernel(OP, kernel), 0, radius, PointWindow.PEAK,
                BallToCube.VOLUME_PRESERVING, DType.FLOAT32);
    }

    private AntisymmetricContinuousConv(int in, int out, int[] kernel, int symmetryAxis, double radius,
            PointWindow window, BallToCube mapping, DType dtype) {
        PointConvSupport.requireSizes(OP, kernel.length, in, out);
        PointConvSupport.requireRadius(OP, radius);
        Initializers.requireFloat(OP, dtype);
        if (symmetryAxis < 0 || symmetryAxis >= kernel.length || kernel[symmetryAxis] % 2 != 0) {
            throw new IllegalArgumentException(OP + ": symmetry axis " + symmetryAxis + " of kernel "
                    + Arrays.toString(kernel) + "; expected a grid axis whose size is even");
        }
        if (window == null || mapping == null) {
            throw new IllegalArgumentException(OP + ": window and mapping must not be null");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.symmetryAxis = symmetryAxis;
        this.radius = radius;
        this.window = window;
        this.mapping = mapping;
        this.dtype = dtype;
    }

    /** This convolution with the symmetry (halved) axis {@code axis} of the grid. */
    public AntisymmetricContinuousConv withSymmetryAxis(int axis) {
        return new AntisymmetricContinuousConv(in, out, kernel, axis, radius, window, mapping, dtype);
    }

    /** This convolution with another window (every window here is symmetric in the pair). */
    public AntisymmetricContinuousConv withWindow(PointWindow w) {
        return new AntisymmetricContinuousConv(in, out, kernel, symmetryAxis, radius, w, mapping, dtype);
    }

    /** This convolution with another ball-to-cube mapping (all are odd). */
    public AntisymmetricContinuousConv withMapping(BallToCube m) {
        return new AntisymmetricContinuousConv(in, out, kernel, symmetryAxis, radius, window, m, dtype);
    }

    /** This convolution whose {@link #init} creates parameters in {@code d}. */
    public AntisymmetricContinuousConv withDType(DType d) {
        return new AntisymmetricContinuousConv(in, out, kernel, symmetryAxis, radius, window, mapping, d);
    }

    /** The spatial dimension. */
    public int dims() {
        return kernel.length;
    }

    /** The filter radius R. */
    public double radius() {
        return radius;
    }

    private int[] halfShape() {
        int[] shape = PointConvSupport.weightShape(kernel, in, out);
        shape[symmetryAxis] /= 2;
        return shape;
    }

    @Override
    public Params init(RandomKey key) {
        return Params.of("weight", Initializers.defaultUniform(key, halfShape(), in * PointConvSupport.cells(kernel),
                dtype));
    }

    /**
     * The full point-antisymmetric filter grid {@code [K..., in, out]} built from the learnable half
     * {@code weight}: {@code G[K - 1 - k] = -G[k]} over all spatial axes at once.
     */
    public Tensor fullFilter(Params params) {
        Tensor half = PointConvSupport.requireShape(OP, params, "weight", halfShape());
        Tensor flipped = half;
        for (int a = 0; a < kernel.length; a++) {
            int size = half.dim(a);
            int[] reversed = new int[size];
            for (int k = 0; k < size; k++) {
                reversed[k] = size - 1 - k;
            }
            flipped = flipped.gather(a, Tensor.of(reversed).to(half.backend()));
        }
        return Tensor.concat(symmetryAxis, flipped.neg(), half);
    }

    @Override
    public Tensor apply(Params params, PointNeighborhood neighborhood, Tensor features) {
        PointConvSupport.requireInput(OP, neighborhood, features, dims(), in, params, "weight");
        PointConvSupport.requireSameRadius(OP, neighborhood, radius);
        if (!neighborhood.sameSet()) {
            throw new OpException(OP, "the neighborhood has separate query points; the antisymmetric convolution"
                    + " needs the points as their own queries (a symmetric neighbour relation)");
        }
        return PointConvSupport.filterGrid(fullFilter(params), neighborhood, features, radius, kernel, window,
                mapping, false, true, false);
    }

    /** Convolves {@code features [n, in]} at {@code points [n, dims]} onto the points themselves. */
    public Tensor apply(Params params, Tensor points, Tensor features) {
        return apply(params, PointNeighborhood.search(points, radius), features);
    }

    @Override
    public String describe() {
        return "AntisymmetricContinuousConv(" + in + " -> " + out + ", kernel " + Arrays.toString(kernel)
                + ", symmetry axis " + symmetryAxis + ", R=" + radius + ", " + window + ", " + mapping + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
