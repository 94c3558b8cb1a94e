package dev.adjoint.backend.tornado;

import dev.adjoint.api.DType;
import dev.adjoint.backend.tornado.kernels.Kernels32;
import dev.adjoint.backend.tornado.kernels.Kernels64;
import dev.adjoint.backend.tornado.kernels.KernelsConvert;
import dev.adjoint.backend.tornado.kernels.KernelsInt;
import dev.adjoint.backend.tornado.kernels.Meta;
import java.lang.foreign.MemorySegment;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import uk.ac.manchester.tornado.api.DataRange;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.arrays.TornadoNativeArray;

/**
 * The device side of the backend. Each dtype has one arena, a TornadoVM off-heap array that is allocated on the
 * device once and stays there: every tensor is a range of it ({@link DeviceStorage}), so the output of one
 * kernel is the input of the next without a copy through the host. All kernels belong to one TornadoVM
 * execution plan with one task graph per kernel and dtype. The start-up graphs allocate the arenas on the
 * device and persist them; every other graph consumes all of them ({@code consumeFromDevice} /
 * {@code persistOnDevice}: TornadoVM hands the buffers on from the graph executed last), copies only the small
 * {@code meta} array (and, for uploads, a staging array) per call, and is compiled on first use. The number of
 * work items is set per call through a {@link GridScheduler}. Host copies happen only in {@link #upload} and
 * {@link #download}. Ranges return to their arena when their storage becomes unreachable. One lock guards
 * everything, which makes the backend safe to call from several threads.
 */
final class Device {
    /** The system property giving each arena's size in bytes ("512m", "2g", or a number). */
    static final String MEMORY_PROPERTY = "adjoint.tornado.memory";
    private static final long DEFAULT_ARENA_BYTES = 512L << 20;
    private static final int SMALL = 1024;
    private static final int LARGE = 1 << 20;
    private static final int MAX_GLOBAL = 1 << 24;
    private static final String INIT = "init";
    private static final String INIT64 = "init64";

    /** The kernels, each compiled for the dtypes it supports. */
    enum Kernel {
        UNARY, BINARY, COMPARE, WHERE, REDUCE, ARG_REDUCE, MATMUL, CONV, CONV_TRANSPOSE, CONV_WEIGHT, SAMPLE, COPY, FILL, PAD,
        UPLOAD_SMALL, UPLOAD_LARGE, FROM_INTS, TO_INTS, WIDEN, NARROW
    }

    private final String name;
    private final boolean fp64;
    private final long arenaBytes;
    private final FloatArray f32;
    private final DoubleArray f64;
    private final IntArray i32;
    private final ArenaAllocator[] allocators = new ArenaAllocator[3];
    private final IntArray meta = new IntArray(Meta.CAPACITY);
    private final FloatArray value32 = new FloatArray(1);
    private final DoubleArray value64 = new DoubleArray(1);
    private final IntArray valueInt = new IntArray(1);
    private final FloatArray small32 = new FloatArray(SMALL);
    private final FloatArray large32 = new FloatArray(LARGE);
    private final DoubleArray small64 = new DoubleArray(SMALL);
    private final DoubleArray large64 = new DoubleArray(LARGE);
    private final IntArray smallInt = new IntArray(SMALL);
    private final IntArray largeInt = new IntArray(LARGE);
    private final List<TaskGraph> graphs = new ArrayList<>();
    private final List<WorkerGrid1D> grids = new ArrayList<>();
    private final int[][] ids = new int[3][Kernel.values().length];
    private final int init;
    private final int init64;
    private final TornadoExecutionPlan plan;
    private final ReferenceQueue<DeviceStorage> dead = new ReferenceQueue<>();
    private final Set<Block> live = new HashSet<>();
    private TornadoExecutionResult last;
    private boolean ready64;
    private long launches;
    private long transfers;

    /** A storage's arena range, released when the storage is collected. */
    private static final class Block extends PhantomReference<DeviceStorage> {
        final ArenaAllocator allocator;
        final int offset;
        final int size;

        Block(DeviceStorage s, ReferenceQueue<DeviceStorage> queue, ArenaAllocator allocator) {
            super(s, queue);
            this.allocator = allocator;
            this.offset = s.offset();
            this.size = s.size();
        }
    }

    Device(String name, boolean fp64) {
        this.name = name;
        this.fp64 = fp64;
        arenaBytes = arenaBytes();
        f32 = new FloatArray(elements(4));
        f64 = new DoubleArray(elements(8));
        i32 = new IntArray(elements(4));
        allocators[index(DType.FLOAT32)] = new ArenaAllocator(f32.getSize());
        allocators[index(DType.FLOAT64)] = new ArenaAllocator(f64.getSize());
        allocators[index(DType.INT32)] = new ArenaAllocator(i32.getSize());
        for (int[] row : ids) {
            Arrays.fill(row, -1);
        }
        init = add(new TaskGraph(INIT).transferToDevice(DataTransferMode.EVERY_EXECUTION, meta)
                .task("t", KernelsInt::init, i32, f32, meta).persistOnDevice(i32, f32));
        init64 = add(new TaskGraph(INIT64).consumeFromDevice(INIT, f32, i32)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, meta)
                .task("t", KernelsConvert::init, f64, meta).persistOnDevice(f64));
        defineFloat32();
        defineFloat64();
        defineInt32();
        GridScheduler scheduler = new GridScheduler();
        for (int i = 0; i < graphs.size(); i++) {
            scheduler.addWorkerGrid(graphs.get(i).getTaskGraphName() + ".t", grids.get(i));
        }
        plan = new TornadoExecutionPlan(graphs.stream().map(TaskGraph::snapshot).toArray(ImmutableTaskGraph[]::new));
        // IEEE semantics (NaN, infinities, signed zeros): TornadoVM's default OpenCL flags relax them.
        plan.withCompilerFlags(TornadoVMBackendType.OPENCL, "-w").withGridScheduler(scheduler);
        run(init, 1);
    }

    private void defineFloat32() {
        DType t = DType.FLOAT32;
        define(t, Kernel.UNARY, g -> g.task("t", Kernels32::unary, f32, meta), f32);
        define(t, Kernel.BINARY, g -> g.task("t", Kernels32::binary, f32, meta), f32);
        define(t, Kernel.COMPARE, g -> g.task("t", Kernels32::compare, f32, i32, meta), f32, i32);
        define(t, Kernel.WHERE, g -> g.task("t", Kernels32::where, i32, f32, meta), f32, i32);
        define(t, Kernel.REDUCE, g -> g.task("t", Kernels32::reduce, f32, meta), f32);
        define(t, Kernel.ARG_REDUCE, g -> g.task("t", Kernels32::argReduce, f32, i32, meta), f32, i32);
        define(t, Kernel.MATMUL, g -> g.task("t", Kernels32::matmul, f32, meta), f32);
        define(t, Kernel.CONV, g -> g.task("t", Kernels32::conv, f32, meta), f32);
        define(t, Kernel.CONV_TRANSPOSE, g -> g.task("t", Kernels32::convTranspose, f32, meta), f32);
        define(t, Kernel.CONV_WEIGHT, g -> g.task("t", Kernels32::convWeightGrad, f32, meta), f32);
        define(t, Kernel.SAMPLE, g -> g.task("t", Kernels32::sample, f32, meta), f32);
        define(t, Kernel.COPY, g -> g.task("t", Kernels32::copy, f32, meta), f32);
        define(t, Kernel.FILL, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, value32)
                .task("t", Kernels32::fill, f32, value32, meta), f32);
        define(t, Kernel.PAD, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, value32)
                .task("t", Kernels32::pad, f32, value32, meta), f32);
        define(t, Kernel.UPLOAD_SMALL, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, small32)
                .task("t", Kernels32::upload, small32, f32, meta), f32);
        define(t, Kernel.UPLOAD_LARGE, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, large32)
                .task("t", Kernels32::upload, large32, f32, meta), f32);
        define(t, Kernel.FROM_INTS, g -> g.task("t", Kernels32::fromInts, i32, f32, meta), f32, i32);
        define(t, Kernel.TO_INTS, g -> g.task("t", Kernels32::toInts, f32, i32, meta), f32, i32);
        define(t, Kernel.WIDEN, g -> g.task("t", KernelsConvert::widen, f32, f64, meta), f32, f64);
    }

    private void defineFloat64() {
        DType t = DType.FLOAT64;
        define(t, Kernel.UNARY, g -> g.task("t", Kernels64::unary, f64, meta), f64);
        define(t, Kernel.BINARY, g -> g.task("t", Kernels64::binary, f64, meta), f64);
        define(t, Kernel.COMPARE, g -> g.task("t", Kernels64::compare, f64, i32, meta), f64, i32);
        define(t, Kernel.WHERE, g -> g.task("t", Kernels64::where, i32, f64, meta), f64, i32);
        define(t, Kernel.REDUCE, g -> g.task("t", Kernels64::reduce, f64, meta), f64);
        define(t, Kernel.ARG_REDUCE, g -> g.task("t", Kernels64::argReduce, f64, i32, meta), f64, i32);
        define(t, Kernel.MATMUL, g -> g.task("t", Kernels64::matmul, f64, meta), f64);
        define(t, Kernel.CONV, g -> g.task("t", Kernels64::conv, f64, meta), f64);
        define(t, Kernel.CONV_TRANSPOSE, g -> g.task("t", Kernels64::convTranspose, f64, meta), f64);
        define(t, Kernel.CONV_WEIGHT, g -> g.task("t", Kernels64::convWeightGrad, f64, meta), f64);
        define(t, Kernel.SAMPLE, g -> g.task("t", Kernels64::sample, f64, meta), f64);
        define(t, Kernel.COPY, g -> g.task("t", Kernels64::copy, f64, meta), f64);
        define(t, Kernel.FILL, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, value64)
                .task("t", Kernels64::fill, f64, value64, meta), f64);
        define(t, Kernel.PAD, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, value64)
                .task("t", Kernels64::pad, f64, value64, meta), f64);
        define(t, Kernel.UPLOAD_SMALL, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, small64)
                .task("t", Kernels64::upload, small64, f64, meta), f64);
        define(t, Kernel.UPLOAD_LARGE, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, large64)
                .task("t", Kernels64::upload, large64, f64, meta), f64);
        define(t, Kernel.FROM_INTS, g -> g.task("t", Kernels64::fromInts, i32, f64, meta), f64, i32);
        define(t, Kernel.TO_INTS, g -> g.task("t", Kernels64::toInts, f64, i32, meta), f64, i32);
        define(t, Kernel.NARROW, g -> g.task("t", KernelsConvert::narrow, f64, f32, meta), f64, f32);
    }

    private void defineInt32() {
        DType t = DType.INT32;
        define(t, Kernel.COPY, g -> g.task("t", KernelsInt::copy, i32, meta), i32);
        define(t, Kernel.FILL, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, valueInt)
                .task("t", KernelsInt::fill, i32, valueInt, meta), i32);
        define(t, Kernel.PAD, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, valueInt)
                .task("t", KernelsInt::pad, i32, valueInt, meta), i32);
        define(t, Kernel.UPLOAD_SMALL, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, smallInt)
                .task("t", KernelsInt::upload, smallInt, i32, meta), i32);
        define(t, Kernel.UPLOAD_LARGE, g -> g.transferToDevice(DataTransferMode.EVERY_EXECUTION, largeInt)
                .task("t", KernelsInt::upload, largeInt, i32, meta), i32);
    }

    /** A graph for {@code kernel} on {@code dtype}: consumes {@code arenas}, copies meta in per call, runs the task. */
    private void define(DType dtype, Kernel kernel, UnaryOperator<TaskGraph> task, TornadoNativeArray... arenas) {
        TaskGraph g = new TaskGraph(kernel.name().toLowerCase(Locale.ROOT) + "_" + dtype.name().toLowerCase(Locale.ROOT));
        // TornadoVM hands a consumed buffer from the graph executed last to the next one, so every graph carries
        // all three arenas, whether its task uses them or not.
        g.consumeFromDevice(INIT, f32, i32, f64);
        g.transferToDevice(DataTransferMode.EVERY_EXECUTION, meta);
        g = task.apply(g);
        g.persistOnDevice((Object[]) arenas);
        ids[index(dtype)][kernel.ordinal()] = add(g);
    }

    private int add(TaskGraph g) {
        WorkerGrid1D grid = new WorkerGrid1D(1);
        grid.setLocalWorkToNull();
        graphs.add(g);
        grids.add(grid);
        return graphs.size() - 1;
    }

    /** The device's name, as TornadoVM reports it. */
    String name() {
        return name;
    }

    /** Kernel launches so far (uploads included). */
    synchronized long launches() {
        return launches;
    }

    /** Copies between host and device so far: one per {@link #upload} and {@link #download} call. */
    synchronized long transfers() {
        return transfers;
    }

    /** Elements of {@code dtype} reserved on the device now. */
    synchronized long used(DType dtype) {
        reclaim();
        return allocators[index(dtype)].used();
    }

    /**
     * A new range of {@code size} elements (contents undefined); {@code op} names the operation in the error
     * raised when the device has no float64 or the arena is full even after a garbage collection.
     */
    synchronized DeviceStorage allocate(DType dtype, int size, String op) {
        if (dtype == DType.FLOAT64) {
            ensureFloat64(op);
        }
        if (size == 0) {
            return new DeviceStorage(dtype, 0, 0);
        }
        ArenaAllocator allocator = allocators[index(dtype)];
        reclaim();
        int offset = allocator.allocate(size);
        // Collecting garbage can only help a request that fits the arena at all.
        boolean fits = ArenaAllocator.rounded(size) <= allocator.capacity();
        for (int attempt = 0; offset < 0 && fits && attempt < 20; attempt++) {
            System.gc();
            awaitReclaim();
            offset = allocator.allocate(size);
        }
        if (offset < 0) {
            throw new IllegalStateException(op + ": the tornado device arena for " + dtype + " is full (" + size
                    + " elements requested, " + allocator.used() + " of " + allocator.capacity()
                    + " in use, largest free range " + allocator.largestFree() + "); raise -D" + MEMORY_PROPERTY
                    + " (now " + arenaBytes + " bytes per dtype) and TornadoVM's -Dtornado.device.memory");
        }
        DeviceStorage s = new DeviceStorage(dtype, size, offset);
        live.add(new Block(s, dead, allocator));
        return s;
    }

    /**
     * Runs {@code kernel} for {@code dtype} on {@code work} work items with {@code values} as its meta (and
     * {@code value} as the fill value of FILL and PAD); {@code keep} are the storages it reads and writes,
     * kept reachable until it has finished.
     */
    synchronized void launchWithValue(Kernel kernel, DType dtype, int work, int[] values, double value,
            Object... keep) {
        int id = ids[index(dtype)][kernel.ordinal()];
        if (id < 0) {
            throw new IllegalStateException("no " + kernel + " kernel for " + dtype + " on the tornado device");
        }
        for (int i = 0; i < values.length; i++) {
            meta.set(i, values[i]);
        }
        value32.set(0, (float) value);
        value64.set(0, value);
        valueInt.set(0, (int) value);
        run(id, work);
        Reference.reachabilityFence(keep);
    }

    /** As {@link #launchWithValue} for kernels without a fill value. */
    void launch(Kernel kernel, DType dtype, int work, int[] values, Object... keep) {
        launchWithValue(kernel, dtype, work, values, 0, keep);
    }

    /** Copies {@code source} (a segment of {@code target.size()} elements of its dtype) into {@code target}. */
    synchronized void upload(DeviceStorage target, MemorySegment source) {
        DType dtype = target.dtype();
        long bytes = dtype.byteSize();
        transfers++;
        for (int pos = 0; pos < target.size(); pos += LARGE) {
            int count = Math.min(LARGE, target.size() - pos);
            boolean small = count <= SMALL;
            TornadoNativeArray staging = switch (dtype) {
                case FLOAT32 -> small ? small32 : large32;
                case FLOAT64 -> small ? small64 : large64;
                case INT32 -> small ? smallInt : largeInt;
            };
            MemorySegment.copy(source, pos * bytes, staging.getSegment(), 0, count * bytes);
            launch(small ? Kernel.UPLOAD_SMALL : Kernel.UPLOAD_LARGE, dtype, count,
                    new int[] {count, 0, target.offset() + pos}, target);
        }
    }

    /** Copies {@code source}'s elements from the device into {@code target} (a segment of their size). */
    synchronized void download(DeviceStorage source, MemorySegment target) {
        if (source.size() == 0) {
            return;
        }
        transfers++;
        DType dtype = source.dtype();
        TornadoNativeArray arena = switch (dtype) {
            case FLOAT32 -> f32;
            case FLOAT64 -> f64;
            case INT32 -> i32;
        };
        // A partial copy-out applies to the selected graph: the start-up graph that persists this arena.
        plan.withGraph(dtype == DType.FLOAT64 ? init64 : init);
        last.transferToHost(new DataRange(arena).withOffset(source.offset()).withSize(source.size()));
        long bytes = dtype.byteSize();
        MemorySegment.copy(arena.getSegment(), source.offset() * bytes, target, 0, source.size() * bytes);
        Reference.reachabilityFence(source);
    }

    private void run(int graph, int work) {
        grids.get(graph).setGlobalWork(globalSize(work), 1, 1);
        last = plan.withGraph(graph).execute();
        launches++;
    }

    /**
     * The number of work items launched for {@code work} items of work: the next power of two, between 64 and
     * {@link #MAX_GLOBAL}. The kernels' loops stride over {@code meta[0]}, so any size is correct; few distinct
     * sizes matter because TornadoVM sets a kernel up again (tens of milliseconds) for every new size.
     */
    static int globalSize(int work) {
        int size = 64;
        while (size < work && size < MAX_GLOBAL) {
            size <<= 1;
        }
        return size;
    }

    private void ensureFloat64(String op) {
        if (!fp64) {
            throw new UnsupportedOperationException(op + " on float64: the TornadoVM device " + name
                    + " has no fp64 support");
        }
        if (!ready64) {
            run(init64, 1);
            ready64 = true;
        }
    }

    private void reclaim() {
        for (Reference<? extends DeviceStorage> r = dead.poll(); r != null; r = dead.poll()) {
            release((Block) r);
        }
    }

    private void awaitReclaim() {
        try {
            Reference<? extends DeviceStorage> r = dead.remove(50);
            if (r != null) {
                release((Block) r);
                reclaim();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release(Block b) {
        if (live.remove(b)) {
            b.allocator.release(b.offset, b.size);
        }
    }

    private static int index(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 0;
            case FLOAT64 -> 1;
            case INT32 -> 2;
        };
    }

    private int elements(int elementBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 64L, arenaBytes / elementBytes);
    }

    private static long arenaBytes() {
        String text = System.getProperty(MEMORY_PROPERTY);
        if (text == null || text.isBlank()) {
            return DEFAULT_ARENA_BYTES;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long bytes = Long.parseLong(t) * unit;
            if (bytes < 1 << 16) {
                throw new NumberFormatException("below 64k");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + MEMORY_PROPERTY + "=" + text
                    + " is not a size of at least 64k (expected e.g. 512m or 2g)", e);
        }
    }
}
