package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NumPy {@code .npy} / {@code .npz} reading and writing, checked against files written by NumPy itself. */
class NpzTest {
    /** The values written by {@code src/test/resources/npz/make_fixtures.py}. */
    private static final float[] F32_2X3 = {1.5f, -2.0f, 0.1f, 3.25f, 1e-3f, -7.0f};

    @TempDir
    Path dir;

    // ---- round trips ---------------------------------------------------------------------------------

    @Test
    void npyRoundTripsEveryDtypeAndShapeBitForBit() throws IOException {
        float[] f = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -3.5f};
        double[] d = {Math.PI};
        int[] i = {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE};
        List<Tensor> tensors = List.of(Tensor.of(f, 2, 3), Tensor.of(d), Tensor.of(i, 4),
                Tensor.of(new float[0], 0, 3), Tensor.of(new double[] {Double.MIN_VALUE}),
                Tensor.of(new double[] {-0.0, 1e300}, 2, 1, 1), Tensor.of(new int[0], 0));
        List<Tensor> scalars = List.of(Tensor.scalar(2.75, DType.FLOAT64), Tensor.scalar(-1.25, DType.FLOAT32),
                Tensor.scalar(9, DType.INT32));
        for (Tensor t : Stream.concat(tensors.stream(), scalars.stream()).toList()) {
            Path file = dir.resolve("t.npy");
            Npz.saveNpy(file, t);
            assertSameTensor(Npz.loadNpy(file), t);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void npzRoundTripsATreeInOrder(boolean compressed) throws IOException {
        Params p = Params.of(
                "enc/conv1/weight", Tensor.of(new float[] {1, -2, 0.25f, 1e-7f, 5, 6}, 2, 3),
                "enc/conv1/bias", Tensor.of(new double[] {-0.5, 1.0 / 3}, 2),
                "step", Tensor.scalar(17, DType.INT32),
                "empty", Tensor.of(new float[0], 3, 0),
                "a", Tensor.of(new int[] {4, 5, 6}, 3));
        Path file = dir.resolve("tree.npz");
        Npz.save(file, p, compressed);

        Params back = Npz.load(file);
        assertThat(back.names()).containsExactly("enc/conv1/weight", "enc/conv1/bias", "step", "empty", "a");
        for (String name : p.names()) {
            assertSameTensor(back.get(name), p.get(name));
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<? extends ZipEntry> entries = zip.stream().toList();
            assertThat(entries).extracting(ZipEntry::getName).containsExactly("enc/conv1/weight.npy",
                    "enc/conv1/bias.npy", "step.npy", "empty.npy", "a.npy");
            assertThat(entries).extracting(ZipEntry::getMethod)
                    .containsOnly(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED);
        }
    }

    @Test
    void streamVariantsRoundTrip() throws IOException {
        Params p = Params.of("x/y", Tensor.of(new double[] {1.5, -2.5}, 2), "i", Tensor.of(new int[] {3}, 1));
        for (boolean compressed : new boolean[] {false, true}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npz.save(out, p, compressed);
            Params back = Npz.load(new ByteArrayInputStream(out.toByteArray()));
            assertThat(back.names()).containsExactly("x/y", "i");
            assertSameTensor(back.get("x/y"), p.get("x/y"));
            assertSameTensor(back.get("i"), p.get("i"));
        }
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npz.writeNpy(npy, Tensor.of(F32_2X3, 2, 3));
        assertSameTensor(Npz.readNpy(new ByteArrayInputStream(npy.toByteArray())), Tensor.of(F32_2X3, 2, 3));
    }

    @Test
    void emptyTreeRoundTrips() throws IOException {
        Path file = dir.resolve("none.npz");
        Npz.save(file, Params.empty());
        assertThat(Npz.load(file).size()).isZero();
    }

    @Test
    void savingTheSameTreeTwiceGivesIdenticalBytes() throws IOException {
        Params p = Params.of("w", Tensor.of(F32_2X3, 3, 2));
        Npz.save(dir.resolve("a.npz"), p, true);
        Npz.save(dir.resolve("b.npz"), p, true);
        assertThat(Files.readAllBytes(dir.resolve("a.npz"))).isEqualTo(Files.readAllBytes(dir.resolve("b.npz")));
    }

    // ---- the exact format ----------------------------------------------------------------------------

    @Test
    void writtenNpyIsByteForByteWhatNumPyWrites() throws IOException {
        assertSavedEqualsFixture(Tensor.of(F32_2X3, 2, 3), "f32_2x3.npy");
        assertSavedEqualsFixture(Tensor.scalar(3.141592653589793, DType.FLOAT64), "f64_scalar.npy");
        assertSavedEqualsFixture(Tensor.of(new int[] {7, -3, 0, 2147483647}, 4), "i32_4.npy");
        assertSavedEqualsFixture(Tensor.of(new float[0], 0, 3), "f32_empty_0x3.npy");
    }

    @Test
    void headerIsPaddedToSixtyFourBytes() {
        byte[] p = NpyFormat.preamble(DType.FLOAT32, Shape.of(2, 3));
        assertThat(p).hasSize(128);
        assertThat(new String(p, 10, p.length - 10, StandardCharsets.ISO_8859_1))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")
                .endsWith(" \n");
        assertThat(new String(NpyFormat.preamble(DType.FLOAT64, Shape.of(5)), StandardCharsets.ISO_8859_1))
                .contains("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }");
        assertThat(new String(NpyFormat.preamble(DType.INT32, Shape.scalar()), StandardCharsets.ISO_8859_1))
                .contains("{'descr': '<i4', 'fortran_order': False, 'shape': (), }");
        // Each extra dimension adds 3 header characters, so these ranks meet every remainder modulo 64.
        for (int rank = 0; rank < 80; rank++) {
            for (int first : new int[] {0, 7, 123_456}) {
                int[] dims = new int[rank];
                Arrays.fill(dims, 1);
                if (rank > 0) {
                    dims[0] = first;
                }
                byte[] q = NpyFormat.preamble(DType.FLOAT32, Shape.of(dims));
                assertThat(q.length % 64).as("rank %d", rank).isZero();
                assertThat(q[6]).isEqualTo((byte) 1);
                assertThat((q[8] & 0xFF) | (q[9] & 0xFF) << 8).isEqualTo(q.length - 10);
                assertThat(q[q.length - 1]).isEqualTo((byte) '\n');
            }
        }
    }

    @Test
    void aHeaderTooLongForVersionOneIsWrittenAsVersionTwo() throws IOException {
        int[] dims = new int[25_000];
        Arrays.fill(dims, 1);
        dims[0] = 2;
        Tensor t = Tensor.of(new float[] {4.5f, -1f}, dims);
        byte[] p = NpyFormat.preamble(DType.FLOAT32, t.shape());
        assertThat(p[6]).isEqualTo((byte) 2);
        assertThat(p.length % 64).isZero();
        long headerLength = (p[8] & 0xFFL) | (p[9] & 0xFFL) << 8 | (p[10] & 0xFFL) << 16 | (p[11] & 0xFFL) << 24;
        assertThat(headerLength).isEqualTo(p.length - 12);
        Path file = dir.resolve("long.npy");
        Npz.saveNpy(file, t);
        assertSameTensor(Npz.loadNpy(file), t);
    }

    // ---- NumPy's files -------------------------------------------------------------------------------

    @Test
    void numpyNpyFixturesLoad() throws IOException {
        assertTensor(Npz.loadNpy(fixture("f32_2x3.npy")), DType.FLOAT32, Shape.of(2, 3), F32_2X3);
        Tensor pi = Npz.loadNpy(fixture("f64_scalar.npy"));
        assertThat(pi.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(pi.shape()).isEqualTo(Shape.scalar());
        assertThat(pi.toDoubleArray()).containsExactly(3.141592653589793);
        Tensor ints = Npz.loadNpy(fixture("i32_4.npy"));
        assertThat(ints.dtype()).isEqualTo(DType.INT32);
        assertThat(ints.shape()).isEqualTo(Shape.of(4));
        assertThat(ints.toIntArray()).containsExactly(7, -3, 0, 2147483647);
        assertTensor(Npz.loadNpy(fixture("f32_empty_0x3.npy")), DType.FLOAT32, Shape.of(0, 3), new float[0]);
        assertTensor(Npz.loadNpy(fixture("f32_v2.npy")), DType.FLOAT32, Shape.of(5),
                new float[] {0f, 0.5f, 1f, 1.5f, 2f});
    }

    @Test
    void handWrittenHeadersInOlderStylesLoad() throws IOException {
        // Python 2 longs "(2L, 1L)" and 16-byte alignment, as very old NumPy wrote them.
        assertTensor(Npz.loadNpy(fixture("legacy_py2.npy")), DType.FLOAT32, Shape.of(2, 1), new float[] {2f, -4f});
        // Keys in another order, double quotes, odd spacing, no trailing comma.
        Tensor odd = Npz.loadNpy(fixture("odd_header.npy"));
        assertThat(odd.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(odd.shape()).isEqualTo(Shape.of(3));
        assertThat(odd.toDoubleArray()).containsExactly(1.0, -0.5, 8.0);
    }

    @Test
    void numpySavezFixtureLoads() throws IOException {
        Params p = Npz.load(fixture("stored.npz"));
        assertThat(p.names()).containsExactly("w", "b", "step");
        assertTensor(p.get("w"), DType.FLOAT32, Shape.of(2, 3), F32_2X3);
        assertThat(p.get("b").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(p.get("b").toDoubleArray()).containsExactly(0.25, -0.5);
        assertThat(p.get("step").dtype()).isEqualTo(DType.INT32);
        assertThat(p.get("step").shape()).isEqualTo(Shape.scalar());
        assertThat(p.get("step").toIntArray()).containsExactly(42);
    }

    @Test
    void numpySavezCompressedFixtureLoadsFromFileAndStream() throws IOException {
        Path file = fixture("compressed.npz");
        Params fromStream;
        try (InputStream in = Files.newInputStream(file)) {
            fromStream = Npz.load(in);
        }
        for (Params p : List.of(Npz.load(file), fromStream)) {
            assertThat(p.names()).containsExactly("enc/w", "enc/b", "dec/idx", "empty");
            float[] w = new float[12];
            for (int i = 0; i < 12; i++) {
                w[i] = i / 4f;
            }
            assertTensor(p.get("enc/w"), DType.FLOAT32, Shape.of(3, 4), w);
            assertThat(p.get("enc/b").dtype()).isEqualTo(DType.FLOAT64);
            assertThat(p.get("enc/b").toDoubleArray()).containsExactly(-1.0, 2.5, 1e-300);
            assertThat(p.get("dec/idx").dtype()).isEqualTo(DType.INT32);
            assertThat(p.get("dec/idx").shape()).isEqualTo(Shape.of(2, 2));
            assertThat(p.get("dec/idx").toIntArray()).containsExactly(1, 2, -3, 4);
            assertTensor(p.get("empty"), DType.FLOAT32, Shape.of(2, 0), new float[0]);
        }
    }

    // ---- broken and unsupported files ----------------------------------------------------------------

    @Test
    void bigEndianDataIsRefused() throws IOException {
        assertRefused("bad_bigendian.npy", false, "big-endian dtype '>f4' is not supported",
                "expected little-endian <f4, <f8 or <i4");
    }

    @Test
    void fortranOrderIsRefused() throws IOException {
        assertRefused("bad_fortran.npy", false, "Fortran-order", "shape (2, 3)", "expected C order");
    }

    @Test
    void otherDtypesAreRefused() throws IOException {
        assertRefused("bad_i8.npy", false, "dtype '<i8' is not supported; expected <f4, <f8 or <i4");
    }

    @Test
    void truncatedDataIsRefused() throws IOException {
        assertRefused("bad_truncated.npy", false, "expected 24 data bytes", "found 10");
    }

    @Test
    void truncatedHeaderIsRefused() throws IOException {
        assertRefused("bad_header_cut.npy", false, "header is cut short: expected 118 bytes, found 20");
    }

    @Test
    void filesWithoutTheMagicStringAreRefused() throws IOException {
        assertRefused("bad_magic.npy", false, "does not start with the magic string", "'hello, not numpy'");
    }

    @Test
    void truncatedArchiveIsRefused() throws IOException {
        assertRefused("bad_truncated.npz", true, "not a valid .npz (zip) archive");
        Path file = fixture("bad_truncated.npz");
        try (InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> Npz.load(in)).isInstanceOf(NpzFormatException.class)
                    .hasMessageStartingWith("<stream>: ");
        }
    }

    @Test
    void aBadEntryIsNamedInTheMessage() throws IOException {
        NpzFormatException e = assertRefused("bad_entry.npz", true,
                "entry 'bad.npy': dtype '<i8' is not supported; expected <f4, <f8 or <i4");
        assertThat(e.source()).endsWith("bad_entry.npz: entry 'bad.npy'");
        assertThat(e.problem()).startsWith("dtype '<i8' is not supported");
    }

    @Test
    void aNpyFileIsNotAnArchive() throws IOException {
        assertRefused("f32_2x3.npy", true, "not a valid .npz (zip) archive",
                "it is a single .npy array; read it with Npz.loadNpy");
    }

    @Test
    void malformedHeadersAreRefusedWithTheHeaderQuoted() throws IOException {
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': False}", "the header has no 'shape' key");
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}",
                "unexpected key 'x'");
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }",
                "shape (2, -1) is not a tuple of integers");
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", "shape [2] is not a tuple");
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", "shape (2) is not a tuple");
        assertHeaderRefused("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (), }",
                "structured dtype [('a', '<f4')] is not supported");
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': 0, 'shape': (), }", "fortran_order 0 is not True");
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }",
                "more than 2147483647 elements");
        assertHeaderRefused("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (), }",
                "cannot parse the header", "unknown name 'Maybe");
        assertHeaderRefused("['descr']", "cannot parse the header", "expected a dict");
    }

    @Test
    void fortranOrderIsAcceptedWhereItMeansTheSameLayout() throws IOException {
        byte[] file = npy("{'descr': '<i4', 'fortran_order': True, 'shape': (1, 3), }", new byte[] {
            1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0});
        Tensor t = Npz.readNpy(new ByteArrayInputStream(file));
        assertThat(t.shape()).isEqualTo(Shape.of(1, 3));
        assertThat(t.toIntArray()).containsExactly(1, 2, 3);
    }

    @Test
    void unknownVersionsAreRefused() {
        byte[] file = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4]);
        file[6] = 4;
        assertThatThrownBy(() -> Npz.readNpy(new ByteArrayInputStream(file)))
                .isInstanceOf(NpzFormatException.class)
                .hasMessage("<stream>: .npy format version 4.0 is not supported; expected 1.0, 2.0 or 3.0");
    }

    // ---- atomic writes -------------------------------------------------------------------------------

    @Test
    void savingOverAnExistingFileReplacesItAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.npz");
        Npz.save(file, Params.of("w", Tensor.of(new float[] {1, 2}, 2)));
        Npz.save(file, Params.of("v", Tensor.of(new double[] {3}, 1)), true);
        Path npy = dir.resolve("x.npy");
        Npz.saveNpy(npy, Tensor.of(new int[] {1}, 1));
        Npz.saveNpy(npy, Tensor.of(new int[] {2}, 1));

        assertThat(Npz.load(file).names()).containsExactly("v");
        assertThat(Npz.loadNpy(npy).toIntArray()).containsExactly(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.npz", "x.npy");
        }
    }

    @Test
    void savingIntoAMissingDirectoryFailsWithoutCreatingAnything() {
        Path file = dir.resolve("missing").resolve("model.npz");
        assertThatThrownBy(() -> Npz.save(file, Params.of("w", Tensor.of(new float[] {1}, 1))))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(dir.resolve("missing"))).isFalse();
    }

    @Test
    void aSaveThatFailsHalfwayLeavesTheOldFileUntouched() throws IOException {
        Path file = dir.resolve("model.npz");
        Npz.save(file, Params.of("w", Tensor.of(new float[] {1, 2}, 2)));
        byte[] before = Files.readAllBytes(file);
        Params failing = Params.of("a", Tensor.of(new float[] {5, 6, 7}, 3), "b", unreadableTensor());

        for (boolean compressed : new boolean[] {false, true}) {
            assertThatThrownBy(() -> Npz.save(file, failing, compressed)).hasMessageContaining("device lost");
        }
        assertThatThrownBy(() -> Npz.saveNpy(dir.resolve("model.npz"), unreadableTensor()))
                .hasMessageContaining("device lost");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.npz");
        }
    }

    // ---- NumPy reads what we write -------------------------------------------------------------------

    @Test
    void numpyReadsWhatWeWrite() throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        Params p = Params.of(
                "enc/w", Tensor.of(new float[] {1.5f, -2f, 0.1f, 3.25f, 1e-3f, -7f}, 2, 3),
                "b", Tensor.of(new double[] {0.25, -1e300}, 2),
                "i", Tensor.of(new int[] {-5, 2147483647}, 2, 1),
                "s", Tensor.scalar(2.5, DType.FLOAT64),
                "e", Tensor.of(new float[0], 0, 2));
        Npz.save(dir.resolve("stored.npz"), p, false);
        Npz.save(dir.resolve("compressed.npz"), p, true);
        Npz.saveNpy(dir.resolve("one.npy"), p.get("enc/w"));
        String script = String.join("\n",
                "import sys, numpy as np",
                "d = sys.argv[1]",
                "for f in ['stored.npz', 'compressed.npz']:",
                "    z = np.load(d + '/' + f)",
                "    print(f, ' '.join(z.files))",
                "    for k in z.files:",
                "        a = z[k]",
                "        print(k, a.dtype.str, a.shape, a.flags.c_contiguous, a.ravel().tolist())",
                "a = np.load(d + '/one.npy')",
                "print('one', a.dtype.str, a.shape, a.ravel().tolist())");
        String out = python(script, dir.toString());
        String arrays = String.join("\n",
                "enc/w <f4 (2, 3) True [1.5, -2.0, 0.10000000149011612, 3.25, 0.0010000000474974513, -7.0]",
                "b <f8 (2,) True [0.25, -1e+300]",
                "i <i4 (2, 1) True [-5, 2147483647]",
                "s <f8 () True [2.5]",
                "e <f4 (0, 2) True []");
        assertThat(out.strip().lines().toList()).containsExactly(
                Stream.of(
                        Stream.of("stored.npz enc/w b i s e"), arrays.lines(),
                        Stream.of("compressed.npz enc/w b i s e"), arrays.lines(),
                        Stream.of("one <f4 (2, 3) [1.5, -2.0, 0.10000000149011612, 3.25, 0.0010000000474974513, -7.0]"))
                        .flatMap(s -> s).toArray(String[]::new));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private Path fixture(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = getClass().getResourceAsStream("/npz/" + name)) {
                assertThat(in).as("test resource npz/%s", name).isNotNull();
                Files.copy(in, file);
            }
        }
        return file;
    }

    private void assertSavedEqualsFixture(Tensor t, String fixture) throws IOException {
        Path file = dir.resolve("saved-" + fixture);
        Npz.saveNpy(file, t);
        assertThat(Files.readAllBytes(file)).as(fixture).isEqualTo(Files.readAllBytes(fixture(fixture)));
    }

    private NpzFormatException assertRefused(String fixture, boolean archive, String... problems) throws IOException {
        Path file = fixture(fixture);
        NpzFormatException e = org.junit.jupiter.api.Assertions.assertThrows(NpzFormatException.class,
                () -> {
                    if (archive) {
                        Npz.load(file);
                    } else {
                        Npz.loadNpy(file);
                    }
                });
        assertThat(e.getMessage()).startsWith(file + ": ");
        for (String p : problems) {
            assertThat(e.getMessage()).contains(p);
        }
        return e;
    }

    private static void assertHeaderRefused(String header, String... problems) {
        byte[] file = npy(header, new byte[0]);
        assertThatThrownBy(() -> Npz.readNpy(new ByteArrayInputStream(file)))
                .isInstanceOf(NpzFormatException.class)
                .hasMessageStartingWith("<stream>: ")
                .hasMessageContainingAll(problems);
    }

    /** A version 1.0 .npy with the given header text (padded only with a newline) and data. */
    private static byte[] npy(String header, byte[] data) {
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = new byte[10 + h.length + data.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length,
            (byte) (h.length >> 8)}, 0, file, 0, 10);
        System.arraycopy(h, 0, file, 10, h.length);
        System.arraycopy(data, 0, file, 10 + h.length, data.length);
        return file;
    }

    private static void assertTensor(Tensor t, DType dtype, Shape shape, float[] values) {
        assertThat(t.dtype()).isEqualTo(dtype);
        assertThat(t.shape()).isEqualTo(shape);
        assertThat(t.toFloatArray()).containsExactly(values);
    }

    private static void assertSameTensor(Tensor actual, Tensor expected) {
        assertThat(actual.dtype()).isEqualTo(expected.dtype());
        assertThat(actual.shape()).isEqualTo(expected.shape());
        switch (expected.dtype()) {
            case FLOAT32 -> assertThat(bits(actual.toFloatArray())).isEqualTo(bits(expected.toFloatArray()));
            case FLOAT64 -> assertThat(bits(actual.toDoubleArray())).isEqualTo(bits(expected.toDoubleArray()));
            case INT32 -> assertThat(actual.toIntArray()).isEqualTo(expected.toIntArray());
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    private static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Double.doubleToRawLongBits(a[i]);
        }
        return b;
    }

    /** A float32 tensor of two elements whose backend fails when asked for them. */
    private static Tensor unreadableTensor() {
        Backend backend = (Backend) Proxy.newProxyInstance(NpzTest.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("device lost during " + method.getName());
                });
        Storage storage = new Storage() {
            @Override
            public DType dtype() {
                return DType.FLOAT32;
            }

            @Override
            public int size() {
                return 2;
            }
        };
        return Tensor.fromStorage(backend, storage, Shape.of(2));
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String python(String script, String arg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", script, arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(p.exitValue()).as("python3 failed:\n%s", out).isZero();
        return out;
    }
}
