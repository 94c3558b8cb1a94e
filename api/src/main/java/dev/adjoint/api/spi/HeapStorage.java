package dev.adjoint.api.spi;

import dev.adjoint.api.DType;

/**
 * Storage in a Java heap array: {@code float[]}, {@code double[]} or {@code int[]}. Backends that compute
 * on the CPU can share it, so tensors move between them without a copy.
 */
public final class HeapStorage implements Storage {
    private final DType dtype;
    private final float[] f32;
    private final double[] f64;
    private final int[] i32;

    private HeapStorage(DType dtype, float[] f32, double[] f64, int[] i32) {
        this.dtype = dtype;
        this.f32 = f32;
        this.f64 = f64;
        this.i32 = i32;
    }

    /** Wraps (does not copy) a float array. */
    public static HeapStorage of(float[] data) {
        return new HeapStorage(DType.FLOAT32, data, null, null);
    }

    /** Wraps (does not copy) a double array. */
    public static HeapStorage of(double[] data) {
        return new HeapStorage(DType.FLOAT64, null, data, null);
    }

    /** Wraps (does not copy) an int array. */
    public static HeapStorage of(int[] data) {
        return new HeapStorage(DType.INT32, null, null, data);
    }

    /** A zero-filled storage. */
    public static HeapStorage zeros(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> of(new float[size]);
            case FLOAT64 -> of(new double[size]);
            case INT32 -> of(new int[size]);
        };
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        return switch (dtype) {
            case FLOAT32 -> f32.length;
            case FLOAT64 -> f64.length;
            case INT32 -> i32.length;
        };
    }

    /** The backing float array; throws if the dtype is not FLOAT32. */
    public float[] f32() {
        if (f32 == null) {
            throw new IllegalStateException("storage holds " + dtype.label() + ", not float32");
        }
        return f32;
    }

    /** The backing double array; throws if the dtype is not FLOAT64. */
    public double[] f64() {
        if (f64 == null) {
            throw new IllegalStateException("storage holds " + dtype.label() + ", not float64");
        }
        return f64;
    }

    /** The backing int array; throws if the dtype is not INT32. */
    public int[] i32() {
        if (i32 == null) {
            throw new IllegalStateException("storage holds " + dtype.label() + ", not int32");
        }
        return i32;
    }
}
