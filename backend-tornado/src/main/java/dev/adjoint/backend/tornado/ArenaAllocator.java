package dev.adjoint.backend.tornado;

import java.util.Map;
import java.util.TreeMap;

/**
 * First-fit bookkeeping of the element ranges of one device arena: which ranges are free, merged with their
 * neighbours when released. Ranges are rounded up to {@link #ALIGNMENT} elements. Not thread-safe: the
 * {@link Device} lock guards it.
 */
final class ArenaAllocator {
    /** Every range starts at a multiple of this many elements (64 bytes of float32). */
    static final int ALIGNMENT = 16;

    private final int capacity;
    private final TreeMap<Integer, Integer> free = new TreeMap<>();
    private long used;

    ArenaAllocator(int capacity) {
        this.capacity = capacity - capacity % ALIGNMENT;
        if (this.capacity > 0) {
            free.put(0, this.capacity);
        }
    }

    /** The length actually reserved for a request of {@code size} elements. */
    static int rounded(int size) {
        return (int) Math.min(Integer.MAX_VALUE - ALIGNMENT + 1L, ((long) size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
    }

    /** The start of a free range of {@code rounded(size)} elements, now reserved, or -1 if none is free. */
    int allocate(int size) {
        int length = rounded(size);
        for (Map.Entry<Integer, Integer> e : free.entrySet()) {
            int start = e.getKey();
            int available = e.getValue();
            if (available >= length) {
                // Read before removing: TreeMap may reuse the removed entry for its successor.
                free.remove(start);
                if (available > length) {
                    free.put(start + length, available - length);
                }
                used += length;
                return start;
            }
        }
        return -1;
    }

    /** Returns the range reserved by {@code allocate(size)} at {@code start}. */
    void release(int start, int size) {
        int length = rounded(size);
        used -= length;
        int from = start;
        int to = start + length;
        Map.Entry<Integer, Integer> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            from = before.getKey();
            free.remove(before.getKey());
        }
        Integer after = free.get(to);
        if (after != null) {
            free.remove(to);
            to += after;
        }
        free.put(from, to - from);
    }

    /** Elements reserved now. */
    long used() {
        return used;
    }

    /** Elements this arena holds. */
    int capacity() {
        return capacity;
    }

    /** The longest free range, in elements. */
    int largestFree() {
        int best = 0;
        for (int length : free.values()) {
            best = Math.max(best, length);
        }
        return best;
    }
}
