package dev.adjoint.backend.tornado;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The arena bookkeeping: ranges never overlap, released neighbours merge, a full arena says so. */
class ArenaAllocatorTest {
    private record Range(int start, int size) {
        int end() {
            return start + ArenaAllocator.rounded(size);
        }
    }

    @Test
    void randomAllocationsNeverOverlapAndAllFreeMergesBackToOneRange() {
        ArenaAllocator a = new ArenaAllocator(1 << 16);
        Random random = new Random(7);
        List<Range> live = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (!live.isEmpty() && (random.nextInt(3) == 0 || live.size() > 60)) {
                Range r = live.remove(random.nextInt(live.size()));
                a.release(r.start(), r.size());
            } else {
                int size = 1 + random.nextInt(random.nextBoolean() ? 40 : 3000);
                int start = a.allocate(size);
                if (start >= 0) {
                    Range r = new Range(start, size);
                    assertThat(start % ArenaAllocator.ALIGNMENT).isZero();
                    assertThat(r.end()).isLessThanOrEqualTo(a.capacity());
                    for (Range other : live) {
                        assertThat(r.end() <= other.start() || other.end() <= r.start())
                                .as("step %d: %s overlaps %s", step, r, other).isTrue();
                    }
                    live.add(r);
                }
            }
            long used = live.stream().mapToLong(r -> ArenaAllocator.rounded(r.size())).sum();
            assertThat(a.used()).isEqualTo(used);
        }
        for (Range r : live) {
            a.release(r.start(), r.size());
        }
        assertThat(a.used()).isZero();
        assertThat(a.largestFree()).isEqualTo(a.capacity());
    }

    @Test
    void aRequestLargerThanTheLargestFreeRangeFails() {
        ArenaAllocator a = new ArenaAllocator(1024);
        int first = a.allocate(512);
        int second = a.allocate(256);
        assertThat(a.allocate(512)).isEqualTo(-1);
        a.release(first, 512);
        assertThat(a.allocate(600)).isEqualTo(-1);
        assertThat(a.allocate(512)).isEqualTo(first);
        a.release(second, 256);
        assertThat(a.largestFree()).isEqualTo(512);
    }
}
