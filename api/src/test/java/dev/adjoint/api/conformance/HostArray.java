package dev.adjoint.api.conformance;

import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.Storage;
import java.util.Arrays;

/**
 * A dense row-major array on the host with a dtype and a shape: the inputs the conformance kit feeds to
 * every backend, and the results it reads back to compare. Immutable; accessors return copies.
 */
public final class HostArray {
    private final DType dtype;
    private final int[] shape;
    private final float[] f32;
    private final double[] f64;
    private final int[] i32;

    private HostArray(DType dtype, int[] shape, float[] f32, double[] f64, int[] i32) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.f32 = f32;
        this.f64 = f64;
        this.i32 = i32;
        if (size() != Shape.of(shape).size()) {
            throw new IllegalArgumentException(size() + " elements for shape " + Shape.of(shape));
        }
    }

    /** FLOAT32 data (copied) of the given shape; without a shape it is 1-D. */
    public static HostArray of(float[] data, int... shape) {
        return new HostArray(DType.FLOAT32, shapeOr(shape, data.length), data.clone(), null, null);
    }

    /** FLOAT64 data (copied) of the given shape; without a shape it is 1-D. */
    public static HostArray of(double[] data, int... shape) {
        return new HostArray(DType.FLOAT64, shapeOr(shape, data.length), null, data.clone(), null);
    }

    /** INT32 data (copied) of the given shape; without a shape it is 1-D. */
    public static HostArray of(int[] data, int... shape) {
        return new HostArray(DType.INT32, shapeOr(shape, data.length), null, null, data.clone());
    }

    /**
     * Values converted to {@code dtype}: rounded to float for FLOAT32, truncated toward zero (saturating,
     * NaN to 0) for INT32, as a Java narrowing cast does.
     */
    public static HostArray of(DType dtype, double[] values, int... shape) {
        return exact(dtype, values, shapeOr(shape, values.length));
    }

    /**
     * Like {@link #of(DType, double[], int...)} but the shape is taken as given: an empty one means rank 0
     * (a single element).
     */
    public static HostArray exact(DType dtype, double[] values, int[] shape) {
        int[] s = shape.clone();
        return switch (dtype) {
            case FLOAT64 -> new HostArray(dtype, s, null, values.clone(), null);
            case FLOAT32 -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield new HostArray(dtype, s, f, null, null);
            }
            case INT32 -> {
                int[] v = new int[values.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (int) values[i];
                }
                yield new HostArray(dtype, s, null, null, v);
            }
        };
    }

    /** Reads a tensor back to the host without converting its dtype. */
    public static HostArray read(Tensor t) {
        Backend b = t.backend();
        int[] s = t.shape().dims();
        return switch (t.dtype()) {
            case FLOAT32 -> new HostArray(DType.FLOAT32, s, b.toFloats(t.storage()), null, null);
            case FLOAT64 -> new HostArray(DType.FLOAT64, s, null, b.toDoubles(t.storage()), null);
            case INT32 -> new HostArray(DType.INT32, s, null, null, b.toInts(t.storage()));
        };
    }

    /** A tensor with these elements on {@link Backends#current()}. */
    public Tensor toTensor() {
        int[] s = shape.length == 0 ? new int[0] : shape;
        Tensor t = switch (dtype) {
            case FLOAT32 -> Tensor.of(f32, s);
            case FLOAT64 -> Tensor.of(f64, s);
            case INT32 -> Tensor.of(i32, s);
        };
        // Tensor.of treats an empty shape as "1-D"; a rank-0 array needs an explicit reshape.
        return shape.length == 0 ? t.reshape() : t;
    }

    /** New storage on {@code backend} holding these elements, for calling kernels directly. */
    public Storage upload(Backend backend) {
        return switch (dtype) {
            case FLOAT32 -> backend.fromHost(f32.clone());
            case FLOAT64 -> backend.fromHost(f64.clone());
            case INT32 -> backend.fromHost(i32.clone());
        };
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the dimensions. */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape in NumPy notation, e.g. {@code (17,)}. */
    public String shapeString() {
        return Shape.of(shape).toString();
    }

    /** The number of elements. */
    public int size() {
        return switch (dtype) {
            case FLOAT32 -> f32.length;
            case FLOAT64 -> f64.length;
            case INT32 -> i32.length;
        };
    }

    /** Element {@code i} (row-major) as a double. */
    public double get(int i) {
        return switch (dtype) {
            case FLOAT32 -> f32[i];
            case FLOAT64 -> f64[i];
            case INT32 -> i32[i];
        };
    }

    /** The bit pattern of element {@code i}, with every NaN collapsed to the canonical one. */
    public long bits(int i) {
        return switch (dtype) {
            case FLOAT32 -> Float.floatToIntBits(f32[i]);
            case FLOAT64 -> Double.doubleToLongBits(f64[i]);
            case INT32 -> i32[i];
        };
    }

    /** All elements as doubles. */
    public double[] toDoubles() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** The largest finite magnitude among the elements (0 when there is none). */
    public double maxAbs() {
        double m = 0;
        for (int i = 0; i < size(); i++) {
            double v = Math.abs(get(i));
            if (Double.isFinite(v) && v > m) {
                m = v;
            }
        }
        return m;
    }

    /** Whether both arrays have the same dtype, shape and element bits (NaN payloads ignored). */
    public boolean bitEquals(HostArray other) {
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (bits(i) != other.bits(i)) {
                return false;
            }
        }
        return true;
    }

    /** The same elements converted to another dtype (see {@link #of(DType, double[], int...)}). */
    public HostArray as(DType to) {
        if (to == dtype) {
            return this;
        }
        return exact(to, toDoubles(), shape);
    }

    /** The same elements with another shape of equal size. */
    public HostArray reshape(int... newShape) {
        return new HostArray(dtype, newShape, f32, f64, i32);
    }

    /** The multi-index of flat position {@code flat}, e.g. {@code [1, 0, 2]}. */
    public String indexOf(int flat) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 0) {
                idx[d] = rest % shape[d];
                rest /= shape[d];
            }
        }
        return Arrays.toString(idx);
    }

    /** The dtype, shape and (abbreviated) elements. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(dtype.label()).append(' ').append(shapeString()).append(" [");
        int shown = Math.min(size(), 12);
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : ", ").append(dtype == DType.INT32 ? String.valueOf(i32[i]) : String.valueOf(get(i)));
        }
        return b.append(size() > shown ? ", ...]" : "]").toString();
    }

    private static int[] shapeOr(int[] shape, int length) {
        return shape.length == 0 ? new int[] {length} : shape.clone();
    }
}
