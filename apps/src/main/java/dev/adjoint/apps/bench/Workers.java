package dev.adjoint.apps.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;

/** A fixed pool with one platform thread per core, for the plain-Java baselines. */
final class Workers implements AutoCloseable {
    private final ExecutorService pool;
    private final int threads;

    Workers(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The number of threads. */
    int threads() {
        return threads;
    }

    /** Runs {@code task(0) ... task(threads - 1)} on the pool, waits for all and returns the sum of their results. */
    double runAll(IntToDoubleFunction task) {
        List<Future<Double>> futures = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> task.applyAsDouble(id)));
        }
        double sum = 0;
        try {
            for (Future<Double> f : futures) {
                sum += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the benchmark workers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark worker failed", e.getCause());
        }
        return sum;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
