package dev.adjoint.nn;

import dev.adjoint.api.Tensor;

/**
 * Mappings of the unit ball onto the cube {@code [-0.5, 0.5]^dims} used to read a continuous-convolution
 * filter grid (CConv, Ummenhofer et al. 2020, after Open3D's operator). All three are odd:
 * {@code map(-p) = -map(p)} holds exactly in floating point, which the antisymmetric convolution relies on.
 */
public enum BallToCube {
    /** No mapping: {@code p / 2} (the unit cube scaled into the filter cube). */
    IDENTITY,
    /** The radial stretch {@code p |p|_2 / (2 |p|_inf)}. */
    RADIAL,
    /**
     * The volume-preserving mapping: ball to cylinder (3D only), cylinder (disk) to square, halved. In 1D it is
     * {@code p / 2}.
     */
    VOLUME_PRESERVING;

    private static final double FOUR_OVER_PI = 4.0 / Math.PI;

    /** Maps offsets {@code p [..., dims]} inside the unit ball to {@code [-0.5, 0.5]^dims}. */
    Tensor map(Tensor p) {
        int dims = p.dim(p.rank() - 1);
        switch (this) {
            case IDENTITY:
                return p.mul(0.5);
            case RADIAL: {
                int last = p.rank() - 1;
                Tensor norm = safeSqrt(p.square().sum(new int[] {last}, true));
                Tensor inf = p.abs().max(new int[] {last}, true);
                Tensor positive = inf.gt(0.0);
                Tensor scale = Tensor.where(positive, norm.div(Tensor.where(positive, inf, inf.onesLike())),
                        inf.zerosLike());
                return p.mul(scale).mul(0.5);
            }
            case VOLUME_PRESERVING:
                if (dims == 1) {
                    return p.mul(0.5);
                }
                return volumePreserving(p, dims);
            default:
                throw new AssertionError(this);
        }
    }

    private static Tensor volumePreserving(Tensor p, int dims) {
        int last = p.rank() - 1;
        Tensor x = p.slice(last, 0, 1);
        Tensor y = p.slice(last, 1, 2);
        Tensor z = null;
        if (dims == 3) {
            z = p.slice(last, 2, 3);
            Tensor rxy2 = x.square().add(y.square());
            Tensor t = safeSqrt(rxy2.add(z.square()));
            Tensor polar = z.square().mul(1.25).gt(rxy2);
            Tensor one = t.onesLike();
            Tensor sPolar = Tensor.where(polar, t.mul(3.0), one)
                    .div(Tensor.where(polar, t.add(z.abs()), one)).sqrt();
            Tensor sSide = t.div(Tensor.where(rxy2.gt(0.0), rxy2, one).sqrt());
            Tensor s = Tensor.where(polar, sPolar, sSide);
            Tensor zc = Tensor.where(polar, z.sign().mul(t), z.mul(1.5));
            x = x.mul(s);
            y = y.mul(s);
            z = zc;
        }
        Tensor r = safeSqrt(x.square().add(y.square()));
        Tensor alongX = y.abs().le(x.abs());
        // One angle for both branches: atan(y/x) where |y| <= |x|, else atan(x/y) (the origin takes 0/1).
        Tensor num = Tensor.where(alongX, y, x);
        Tensor den = Tensor.where(alongX, x, y);
        Tensor angle = num.div(Tensor.where(den.ne(0.0), den, r.onesLike())).atan().mul(FOUR_OVER_PI);
        Tensor major = Tensor.where(alongX, x.sign(), y.sign()).mul(r);
        Tensor minor = major.mul(angle);
        Tensor qx = Tensor.where(alongX, major, minor);
        Tensor qy = Tensor.where(alongX, minor, major);
        Tensor cube = z == null ? Tensor.concat(last, qx, qy) : Tensor.concat(last, qx, qy, z);
        return cube.mul(0.5);
    }

    /** {@code sqrt(sq)} with the value and the derivative zero at {@code sq = 0} instead of infinite. */
    static Tensor safeSqrt(Tensor sq) {
        Tensor positive = sq.gt(0.0);
        return Tensor.where(positive, Tensor.where(positive, sq, sq.onesLike()).sqrt(), sq.zerosLike());
    }
}
