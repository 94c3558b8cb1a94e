package dev.adjoint.api;

import java.util.Arrays;

/**
 * An immutable 128-bit key for the counter-based generator behind {@link Rng}, in the style of JAX: the
 * same key always gives the same numbers, on every backend. Derive fresh keys with {@link #split()} or
 * {@link #foldIn(long)} instead of reusing one key for unrelated draws.
 *
 * <p>The key is four 32-bit words {@code (k0, k1, k2, k3)}. Random numbers are Philox4x32-10 blocks of
 * the counter {@code (element, 0, k2, k3)} under the Philox key {@code (k0, k1)}; derived keys are blocks
 * of counters whose last two words are tagged, so they never coincide with the counters of the key's own
 * draws.
 */
public final class RandomKey {
    private static final int SPLIT_TAG_2 = 0x53504C49;
    private static final int SPLIT_TAG_3 = 0x54000001;
    private static final int FOLD_TAG_2 = 0x464F4C44;
    private static final int FOLD_TAG_3 = 0x49000002;

    private final int k0;
    private final int k1;
    private final int k2;
    private final int k3;

    private RandomKey(int k0, int k1, int k2, int k3) {
        this.k0 = k0;
        this.k1 = k1;
        this.k2 = k2;
        this.k3 = k3;
    }

    /** The key for a seed: words {@code (low 32 bits, high 32 bits, 0, 0)}. */
    public static RandomKey of(long seed) {
        return new RandomKey((int) seed, (int) (seed >>> 32), 0, 0);
    }

    /** The key with the given four words, as returned by {@link #words()} (to restore a saved key). */
    public static RandomKey fromWords(int... words) {
        if (words == null || words.length != 4) {
            throw new OpException("RandomKey.fromWords", "got " + (words == null ? "null" : words.length + " words")
                    + "; expected exactly 4 words");
        }
        return new RandomKey(words[0], words[1], words[2], words[3]);
    }

    /** The four 32-bit words of this key. */
    public int[] words() {
        return new int[] {k0, k1, k2, k3};
    }

    /** Two new keys, independent of each other and of this key; the same as {@code split(2)}. */
    public RandomKey[] split() {
        return split(2);
    }

    /** {@code n >= 0} new keys; key {@code j} is the Philox block of counter {@code j} in the split domain. */
    public RandomKey[] split(int n) {
        if (n < 0) {
            throw new OpException("split", "count " + n + "; expected n >= 0");
        }
        RandomKey[] keys = new RandomKey[n];
        for (int j = 0; j < n; j++) {
            keys[j] = derive(j, 0, SPLIT_TAG_2, SPLIT_TAG_3);
        }
        return keys;
    }

    /** A new key that mixes {@code data} (a step number, a layer index, ...) into this one. */
    public RandomKey foldIn(long data) {
        return derive((int) data, (int) (data >>> 32), FOLD_TAG_2, FOLD_TAG_3);
    }

    private RandomKey derive(int c0, int c1, int tag2, int tag3) {
        int[] out = new int[4];
        Philox.block(c0, c1, k2 ^ tag2, k3 ^ tag3, k0, k1, out);
        return new RandomKey(out[0], out[1], out[2], out[3]);
    }

    /** The Philox block for {@code (element, sub)}: the random words every draw of this key uses. */
    void block(int element, int sub, int[] out) {
        Philox.block(element, sub, k2, k3, k0, k1, out);
    }

    /** Keys are equal when their four words are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RandomKey k && k.k0 == k0 && k.k1 == k1 && k.k2 == k2 && k.k3 == k3;
    }

    /** A hash of the four words. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(words());
    }

    /** The words in hex, e.g. {@code RandomKey[0000002a, 00000000, 00000000, 00000000]}. */
    @Override
    public String toString() {
        return String.format("RandomKey[%08x, %08x, %08x, %08x]", k0, k1, k2, k3);
    }
}
