package dev.adjoint.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The fixed-chunk parallel loop: every index once, the lowest failing chunk's exception, nested loops. */
class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceOnEveryPoolSize() {
        for (int threads : new int[] {1, 2, 3, 7}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(1000);
            Parallel.withThreads(threads, () -> Parallel.forRange(1000, 7, (from, to) -> {
                assertThat(from % 7).isZero();
                assertThat(to - from).isBetween(1, 7);
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            }));
            for (int i = 0; i < 1000; i++) {
                assertThat(hits.get(i)).as("index %d on %d threads", i, threads).isEqualTo(1);
            }
        }
    }

    @Test
    void theLowestFailingChunksExceptionIsRethrown() {
        for (int threads : new int[] {1, 2, 4}) {
            AtomicIntegerArray ran = new AtomicIntegerArray(20);
            assertThatThrownBy(() -> Parallel.withThreads(threads, () -> Parallel.forRange(20, 1, (from, to) -> {
                ran.incrementAndGet(from);
                if (from == 5 || from == 13) {
                    throw new IllegalStateException("chunk " + from);
                }
            }))).as("%d threads", threads).isInstanceOf(IllegalStateException.class).hasMessage("chunk 5");
            for (int i = 0; i < 20; i++) {
                // Inline, the loop stops at the first failure like a plain loop; pooled, every chunk runs once.
                int expected = threads == 1 && i > 5 ? 0 : 1;
                assertThat(ran.get(i)).as("chunk %d on %d threads", i, threads).isEqualTo(expected);
            }
        }
    }

    @Test
    void nestedLoopsCoverTheirRangesToo() {
        AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
        Parallel.withThreads(3, () -> Parallel.forRange(64, 4, (rowFrom, rowTo) -> {
            for (int r = rowFrom; r < rowTo; r++) {
                int row = r;
                Parallel.forRange(64, 8, (from, to) -> {
                    for (int c = from; c < to; c++) {
                        hits.incrementAndGet(row * 64 + c);
                    }
                });
            }
        }));
        for (int i = 0; i < 64 * 64; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
        assertThatThrownBy(() -> Parallel.forRange(10, 0, (a, b) -> { })).hasMessageContaining("grain");
    }
}
