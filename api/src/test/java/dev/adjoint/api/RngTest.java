package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Philox core, random keys and the random tensors of {@link Rng}: pinned values and statistics. */
class RngTest {
    private static final RandomKey KEY = RandomKey.of(42);
    private static final int N = 100_000;

    // ---- Philox4x32-10 known-answer tests (Random123 kat_vectors) -------------------------------

    @Test
    void philoxMatchesPublishedKnownAnswers() {
        assertThat(philox(0, 0, 0, 0, 0, 0)).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
        assertThat(philox(-1, -1, -1, -1, -1, -1))
                .containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
        assertThat(philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))
                .containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
    }

    @Test
    void uniformIsTheTop24BitsOfThePhiloxWordOfEachCounter() {
        // RandomKey.of(42) is the Philox key (42, 0) with counter words 2 and 3 zero; element i uses counter i.
        float[] u = Rng.uniform(KEY, 5).toFloatArray();
        for (int i = 0; i < 5; i++) {
            int word = philox(i, 0, 0, 0, 42, 0)[0];
            assertThat(u[i]).isEqualTo((word >>> 8) / 16777216f);
        }
    }

    // ---- pinned values: any change to the generator breaks these ------------------------------------

    @Test
    void pinnedUniformFloat32() {
        Tensor u = Rng.uniform(KEY, 4);
        assertThat(u.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(u.shape()).isEqualTo(Shape.of(4));
        assertThat(u.toFloatArray()).containsExactly(0x1.39d5ep-1f, 0x1.f9b642p-1f, 0x1.a6d804p-1f, 0x1.758e08p-1f);
    }

    @Test
    void pinnedUniformFloat64() {
        assertThat(Rng.uniform(KEY, DType.FLOAT64, 0.0, 1.0, 3).toDoubleArray())
                .containsExactly(0.6129598801477738, 0.9877186516453577, 0.825866830783453);
    }

    @Test
    void pinnedNormal() {
        assertThat(Rng.normal(KEY, 4).toFloatArray()).containsExactly(1.2345418f, -2.9550533f, -1.4934675f, -1.3847915f);
        assertThat(Rng.normal(KEY, DType.FLOAT64, 3).toDoubleArray())
                .containsExactly(1.2345418209781556, -2.9550533674680803, -1.4934674775718375);
    }

    @Test
    void pinnedIntegers() {
        assertThat(Rng.randint(KEY, 0, 10, 8).toIntArray()).containsExactly(6, 9, 8, 7, 3, 3, 2, 3);
        assertThat(Rng.randint(KEY, -5, 1_000_000, 4).toIntArray()).containsExactly(612957, 987718, 825865, 729597);
        assertThat(Rng.bernoulli(KEY, 0.5, 8).toIntArray()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(Rng.permutation(KEY, 10).toIntArray()).containsExactly(3, 2, 4, 0, 7, 1, 5, 9, 8, 6);
    }

    @Test
    void pinnedKeyDerivation() {
        RandomKey[] split = KEY.split();
        assertThat(split[0].words()).containsExactly(0x94f5d77c, 0xfc70833a, 0xb1326d3e, 0x11952ac9);
        assertThat(split[1].words()).containsExactly(0x471b8f21, 0xf2b42d07, 0x08017656, 0x044ed5e2);
        assertThat(KEY.foldIn(7).words()).containsExactly(0xdc22009c, 0xe011ee00, 0xdc38b3ae, 0xf520ffc8);
    }

    // ---- keys ----------------------------------------------------------------------------------------

    @Test
    void keysAreValuesWithReadableText() {
        assertThat(RandomKey.of(42)).isEqualTo(KEY).hasSameHashCodeAs(KEY);
        assertThat(RandomKey.of(43)).isNotEqualTo(KEY);
        assertThat(KEY.words()).containsExactly(42, 0, 0, 0);
        assertThat(RandomKey.of(-2L).words()).containsExactly(-2, -1, 0, 0);
        assertThat(RandomKey.fromWords(KEY.split()[1].words())).isEqualTo(KEY.split()[1]);
        assertThat(KEY).hasToString("RandomKey[0000002a, 00000000, 00000000, 00000000]");
    }

    @Test
    void splitAndFoldInGiveDistinctDeterministicKeys() {
        RandomKey[] four = KEY.split(4);
        assertThat(four).doesNotHaveDuplicates().doesNotContain(KEY);
        assertThat(KEY.split(4)).containsExactly(four);
        assertThat(KEY.split()).containsExactly(four[0], four[1]);
        assertThat(KEY.split(0)).isEmpty();
        assertThat(KEY.foldIn(1)).isNotEqualTo(KEY.foldIn(2)).isNotEqualTo(KEY).isEqualTo(KEY.foldIn(1));
        assertThat(KEY.foldIn(1L << 32)).isNotEqualTo(KEY.foldIn(0)).isNotEqualTo(KEY.foldIn(1));
        assertThat(Arrays.asList(four)).doesNotContain(KEY.foldIn(0), KEY.foldIn(1));
        assertThat(four[0].split()[0]).isNotEqualTo(four[1].split()[0]);
    }

    @Test
    void splitStreamsAreUncorrelated() {
        RandomKey[] keys = KEY.split(3);
        double[] a = Rng.uniform(keys[0], DType.FLOAT64, 0, 1, N).toDoubleArray();
        double[] b = Rng.uniform(keys[1], DType.FLOAT64, 0, 1, N).toDoubleArray();
        double[] c = Rng.uniform(KEY.foldIn(5), DType.FLOAT64, 0, 1, N).toDoubleArray();
        double[] parent = Rng.uniform(KEY, DType.FLOAT64, 0, 1, N).toDoubleArray();
        // The standard error of a correlation over 1e5 samples is about 0.003.
        assertThat(correlation(a, b)).isCloseTo(0.0, within(0.02));
        assertThat(correlation(a, c)).isCloseTo(0.0, within(0.02));
        assertThat(correlation(a, parent)).isCloseTo(0.0, within(0.02));
        assertThat(correlation(Arrays.copyOfRange(a, 0, N - 1), Arrays.copyOfRange(a, 1, N)))
                .isCloseTo(0.0, within(0.02));
    }

    // ---- determinism and layout ---------------------------------------------------------------------

    @Test
    void sameKeyGivesIdenticalValuesAndShapeOnlyArrangesThem() {
        assertThat(Rng.normal(KEY, 7).toFloatArray()).containsExactly(Rng.normal(KEY, 7).toFloatArray());
        Tensor grid = Rng.uniform(KEY, 2, 3);
        assertThat(grid.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(grid.toFloatArray()).containsExactly(Rng.uniform(KEY, 6).toFloatArray());
        assertThat(Rng.uniform(KEY, 3).toFloatArray()).containsExactly(Arrays.copyOf(Rng.uniform(KEY, 6).toFloatArray(), 3));
        assertThat(Rng.uniform(RandomKey.of(43), 4).toFloatArray()).isNotEqualTo(Rng.uniform(KEY, 4).toFloatArray());
    }

    @Test
    void scalarAndEmptyShapesOnTheCurrentBackend() {
        Tensor s = Rng.uniform(KEY);
        assertThat(s.rank()).isZero();
        assertThat(s.toFloatArray()).containsExactly(0x1.39d5ep-1f);
        assertThat(s.backend()).isSameAs(Backends.current());
        assertThat(Rng.normal(KEY, 0, 3).shape()).isEqualTo(Shape.of(0, 3));
        assertThat(Rng.randint(KEY, 0, 3, 0).size()).isZero();
        assertThat(Rng.permutation(KEY, 0).toIntArray()).isEmpty();
        assertThat(Rng.permutation(KEY, 1).toIntArray()).containsExactly(0);
    }

    // ---- statistics ---------------------------------------------------------------------------------

    @Test
    void uniformFloat32MomentsAndRange() {
        double[] u = Rng.uniform(KEY.foldIn(1), N).toDoubleArray();
        assertThat(Arrays.stream(u).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
        assertThat(Arrays.stream(u).max().orElseThrow()).isLessThan(1.0);
        assertThat(mean(u)).isCloseTo(0.5, within(0.005));
        assertThat(variance(u)).isCloseTo(1.0 / 12.0, within(0.002));
    }

    @Test
    void uniformWithBoundsInBothDTypes() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor t = Rng.uniform(KEY.foldIn(2), dtype, -3.0, 5.0, N);
            assertThat(t.dtype()).isEqualTo(dtype);
            double[] u = t.toDoubleArray();
            assertThat(Arrays.stream(u).min().orElseThrow()).isGreaterThanOrEqualTo(-3.0);
            assertThat(Arrays.stream(u).max().orElseThrow()).isLessThan(5.0);
            assertThat(mean(u)).isCloseTo(1.0, within(0.04));
            assertThat(variance(u)).isCloseTo(64.0 / 12.0, within(0.1));
        }
    }

    @Test
    void uniformStaysBelowHiWhenRoundingWouldReachIt() {
        // A width of one float32 ulp at 1: every u above 1/2 would round up to hi.
        float hi = Math.nextUp(1.0f);
        float[] u = Rng.uniform(KEY, DType.FLOAT32, 1.0, hi, 1000).toFloatArray();
        for (float v : u) {
            assertThat(v).isEqualTo(1.0f);
        }
        double hi64 = Math.nextUp(1.0);
        for (double v : Rng.uniform(KEY, DType.FLOAT64, 1.0, hi64, 1000).toDoubleArray()) {
            assertThat(v).isEqualTo(1.0);
        }
    }

    @Test
    void normalMomentsInBothDTypes() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor t = Rng.normal(KEY.foldIn(3), dtype, N);
            assertThat(t.dtype()).isEqualTo(dtype);
            double[] z = t.toDoubleArray();
            assertThat(Arrays.stream(z).allMatch(Double::isFinite)).isTrue();
            assertThat(mean(z)).isCloseTo(0.0, within(0.02));
            assertThat(variance(z)).isCloseTo(1.0, within(0.03));
            long inside = Arrays.stream(z).filter(v -> Math.abs(v) < 1.0).count();
            assertThat(inside / (double) N).isCloseTo(0.682689, within(0.01));
        }
    }

    @Test
    void randintIsInRangeAndUniform() {
        int[] r = Rng.randint(KEY.foldIn(4), -3, 7, N).toIntArray();
        int[] counts = new int[10];
        for (int v : r) {
            assertThat(v).isBetween(-3, 6);
            counts[v + 3]++;
        }
        // Each count is binomial(1e5, 0.1): standard deviation about 95.
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
        assertThat(Rng.randint(KEY, 5, 6, 20).toIntArray()).containsOnly(5);
        int[] wide = Rng.randint(KEY, Integer.MIN_VALUE, Integer.MAX_VALUE, 1000).toIntArray();
        assertThat(Arrays.stream(wide).filter(v -> v < 0).count()).isBetween(400L, 600L);
        assertThat(wide).doesNotContain(Integer.MAX_VALUE);
    }

    @Test
    void bernoulliMatchesItsProbability() {
        int[] m = Rng.bernoulli(KEY.foldIn(5), 0.3, N).toIntArray();
        assertThat(m).containsOnly(0, 1);
        assertThat(Arrays.stream(m).sum() / (double) N).isCloseTo(0.3, within(0.01));
        assertThat(Rng.bernoulli(KEY, 0.0, 100).toIntArray()).containsOnly(0);
        assertThat(Rng.bernoulli(KEY, 1.0, 100).toIntArray()).containsOnly(1);
    }

    @Test
    void permutationIsAPermutationAndVariesWithTheKey() {
        int[] p = Rng.permutation(KEY, 1000).toIntArray();
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(p).isNotEqualTo(sorted);
        assertThat(Rng.permutation(KEY.foldIn(1), 1000).toIntArray()).isNotEqualTo(p);
        // Every position of a 3-permutation is uniform over 3 values.
        int[] firstIs = new int[3];
        for (int k = 0; k < 3000; k++) {
            firstIs[Rng.permutation(KEY.foldIn(k), 3).toIntArray()[0]]++;
        }
        for (int c : firstIs) {
            assertThat(c).isBetween(850, 1150);
        }
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> Rng.uniform(KEY, DType.FLOAT32, 2.0, 1.0, 3)).isInstanceOf(OpException.class)
                .hasMessageContaining("uniform").hasMessageContaining("[2.0, 1.0)");
        assertThatThrownBy(() -> Rng.uniform(KEY, DType.FLOAT64, 0.0, Double.POSITIVE_INFINITY, 3))
                .isInstanceOf(OpException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Rng.uniform(KEY, DType.FLOAT32, 1.0, 1.0 + 1e-12, 3))
                .isInstanceOf(OpException.class).hasMessageContaining("float32");
        assertThatThrownBy(() -> Rng.uniform(KEY, DType.INT32, 0.0, 1.0, 3))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("int32");
        assertThatThrownBy(() -> Rng.normal(KEY, DType.INT32, 3))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("normal").hasMessageContaining("randint");
        assertThatThrownBy(() -> Rng.uniform(KEY, 2, -1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("uniform").hasMessageContaining("[2, -1]");
        assertThatThrownBy(() -> Rng.randint(KEY, 3, 3, 2)).isInstanceOf(OpException.class)
                .hasMessageContaining("randint").hasMessageContaining("[3, 3)");
        assertThatThrownBy(() -> Rng.bernoulli(KEY, 1.5, 2)).isInstanceOf(OpException.class)
                .hasMessageContaining("bernoulli").hasMessageContaining("1.5");
        assertThatThrownBy(() -> Rng.bernoulli(KEY, Double.NaN, 2)).isInstanceOf(OpException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Rng.permutation(KEY, -4)).isInstanceOf(OpException.class)
                .hasMessageContaining("permutation").hasMessageContaining("-4");
        assertThatThrownBy(() -> KEY.split(-1)).isInstanceOf(OpException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> RandomKey.fromWords(1, 2, 3)).isInstanceOf(OpException.class)
                .hasMessageContaining("3 words");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    private static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
