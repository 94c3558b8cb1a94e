package dev.adjoint.backend.vector;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.Supplier;

/**
 * Fixed-chunk parallel loops for the kernels of this backend.
 *
 * <p>{@link #forRange} cuts {@code [0, n)} into chunks of {@code grain} indices (the last one shorter)
 * and runs the body once per chunk. The chunk boundaries depend only on {@code n} and {@code grain},
 * never on the number of threads, so a kernel that keeps one partial result per chunk and combines the
 * partials in chunk order gives bit-identical results on any pool. Chunks run on the calling thread and a pool
 * of daemon threads, one thread per available processor in all, or {@code -Dadjoint.vector.threads=N} in all
 * when that property is set ({@code 1} runs everything on the calling thread). The common {@link ForkJoinPool}
 * is not used: it has one thread fewer than there are processors, so on two cores it would run every kernel on
 * one. A call from inside a pool's worker runs its chunks in that worker's pool, so nested parallel loops do
 * not oversubscribe.
 *
 * <p>If chunks throw, the exception of the lowest chunk is rethrown unchanged on the calling thread, the same one
 * a sequential loop over the chunks would throw; on more than one thread every other chunk still runs.
 */
final class Parallel {
    /** The system property that sets the number of threads. */
    static final String THREADS_PROPERTY = "adjoint.vector.threads";

    /** The pool the kernels run on by default (sized by the property, or one thread per processor). */
    private static final Executor DEFAULT = Executor.fromProperty(System.getProperty(THREADS_PROPERTY));

    /** A pool set for the calling thread by {@link #withThreads}, or null. */
    private static final ThreadLocal<Executor> OVERRIDE = new ThreadLocal<>();

    private Parallel() {
    }

    /** The body of a parallel loop: processes indices {@code [start, end)}. */
    @FunctionalInterface
    interface IntRangeBody {
        /** Processes the indices {@code [start, end)}. */
        void run(int start, int end);
    }

    /** The number of threads kernels called from this thread run on. */
    static int threads() {
        return executor().threads;
    }

    /** How many chunks {@link #forRange} cuts {@code [0, n)} into: {@code ceil(n / grain)}. */
    static int chunkCount(int n, int grain) {
        checkGrain(grain);
        return n <= 0 ? 0 : (int) (((long) n + grain - 1) / grain);
    }

    /**
     * Runs {@code body} once for each chunk {@code [c * grain, min((c + 1) * grain, n))} of
     * {@code [0, n)}; in parallel when there is more than one chunk and more than one thread, on the
     * calling thread otherwise. Chunk {@code c} can find its index as {@code start / grain}.
     */
    static void forRange(int n, int grain, IntRangeBody body) {
        int chunks = chunkCount(n, grain);
        if (chunks == 0) {
            return;
        }
        Executor ex = executor();
        boolean nested = ForkJoinTask.inForkJoinPool();
        if (chunks == 1 || (ex.pool == null && !nested)) {
            for (int c = 0; c < chunks; c++) {
                int start = c * grain;
                body.run(start, (int) Math.min((long) start + grain, n));
            }
            return;
        }
        Throwable[] failures = new Throwable[chunks];
        if (nested) {
            new ChunkTask(n, grain, body, failures, 0, chunks).invoke();
        } else {
            // The calling thread runs the first share of the chunks itself while the pool's workers run the rest:
            // it does not sit idle, and a short kernel waits for one hand-off fewer.
            int own = Math.max(1, chunks / ex.threads);
            ForkJoinTask<Void> rest = own < chunks ? ex.pool.submit(new ChunkTask(n, grain, body, failures, own,
                    chunks)) : null;
            for (int c = 0; c < own; c++) {
                int start = c * grain;
                try {
                    body.run(start, (int) Math.min((long) start + grain, n));
                } catch (Throwable t) {
                    failures[c] = t;
                }
            }
            if (rest != null) {
                rest.join();
            }
        }
        for (Throwable t : failures) {
            if (t != null) {
                throw rethrow(t);
            }
        }
    }

    /**
     * Runs {@code body} on this thread with kernels using a fresh pool of {@code threads} threads
     * ({@code 1}: no pool at all), then shuts the pool down. For tests of thread-count independence.
     */
    static <T> T withThreads(int threads, Supplier<T> body) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Executor previous = OVERRIDE.get();
        Executor ex = threads == 1 ? Executor.INLINE : Executor.of(threads);
        OVERRIDE.set(ex);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
            if (ex.pool != null) {
                ex.pool.shutdown();
            }
        }
    }

    /** {@link #withThreads(int, Supplier)} for a body without a result. */
    static void withThreads(int threads, Runnable body) {
        withThreads(threads, () -> {
            body.run();
            return null;
        });
    }

    private static Executor executor() {
        Executor ex = OVERRIDE.get();
        return ex != null ? ex : DEFAULT;
    }

    private static void checkGrain(int grain) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be at least 1, got " + grain);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("a parallel kernel chunk failed", t);
    }

    /** A pool with its thread count; a null pool runs chunks on the calling thread. */
    private record Executor(ForkJoinPool pool, int threads) {
        static final Executor INLINE = new Executor(null, 1);

        /**
         * From the property's value: N threads for a positive N (inline for 1), else one per available
         * processor.
         */
        static Executor fromProperty(String value) {
            int n = Runtime.getRuntime().availableProcessors();
            if (value != null && !value.isBlank()) {
                try {
                    int asked = Integer.parseInt(value.trim());
                    if (asked >= 1) {
                        n = asked;
                    }
                } catch (NumberFormatException ignored) {
                    // An unreadable value falls back to one thread per processor.
                }
            }
            return n == 1 ? INLINE : of(n);
        }

        /** {@code threads} threads in all: the calling thread and a pool of {@code threads - 1} workers. */
        static Executor of(int threads) {
            return new Executor(new ForkJoinPool(threads - 1, Executor::daemon, null, false), threads);
        }

        private static java.util.concurrent.ForkJoinWorkerThread daemon(ForkJoinPool pool) {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setDaemon(true);
            t.setName("adjoint-vector-" + t.getPoolIndex());
            return t;
        }
    }

    /** Runs chunks {@code [lo, hi)} by halving the chunk range; records each chunk's failure. */
    @SuppressWarnings("serial") // never serialized
    private static final class ChunkTask extends RecursiveAction {
        private final int n;
        private final int grain;
        private final IntRangeBody body;
        private final Throwable[] failures;
        private final int lo;
        private final int hi;

        ChunkTask(int n, int grain, IntRangeBody body, Throwable[] failures, int lo, int hi) {
            this.n = n;
            this.grain = grain;
            this.body = body;
            this.failures = failures;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int start = lo * grain;
                try {
                    body.run(start, (int) Math.min((long) start + grain, n));
                } catch (Throwable t) {
                    failures[lo] = t;
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new ChunkTask(n, grain, body, failures, lo, mid),
                    new ChunkTask(n, grain, body, failures, mid, hi));
        }
    }
}
