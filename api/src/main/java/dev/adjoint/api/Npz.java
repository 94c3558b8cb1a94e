package dev.adjoint.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npy} (one array) and {@code .npz} (a zip of named {@code .npy} arrays)
 * files, so that tensors and parameter trees move between Adjoint and NumPy ({@code np.load},
 * {@code np.save}, {@code np.savez}, {@code np.savez_compressed}). Supports float32, float64 and int32, as
 * little-endian C-order data; anything else is refused with an {@link NpzFormatException} naming the file
 * and the problem.
 *
 * <p>Saving to a path is atomic: the file is written next to the target under a temporary name and then
 * moved over it, so readers see either the old or the new contents, never a partial file. Archive entries
 * carry a fixed timestamp, so saving the same tree twice gives identical bytes. Loaded tensors are created
 * on {@link Backends#current()}.
 */
public final class Npz {
    private static final String STREAM = "<stream>";
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    // ---- .npz ----------------------------------------------------------------------------------------

    /** Saves {@code params} as an uncompressed {@code .npz} (like {@code np.savez}), replacing {@code file}. */
    public static void save(Path file, Params params) throws IOException {
        save(file, params, false);
    }

    /**
     * Saves {@code params} as a {@code .npz}, one entry {@code <name>.npy} per tensor in tree order,
     * compressed with DEFLATE (like {@code np.savez_compressed}) or stored (like {@code np.savez}); replaces
     * {@code file} atomically.
     */
    public static void save(Path file, Params params, boolean compressed) throws IOException {
        writeAtomically(file, out -> save(out, params, compressed));
    }

    /**
     * Writes {@code params} as a {@code .npz} archive to {@code out}, which is left open.
     */
    public static void save(OutputStream out, Params params, boolean compressed) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, Tensor> e : params) {
            NpyFormat.HostArray array = NpyFormat.HostArray.of(e.getValue());
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setTimeLocal(ENTRY_TIME);
            if (compressed) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                // A stored entry needs its size and checksum before its data: serialise once to count them.
                CRC32 crc = new CRC32();
                array.writeTo(new CheckedOutputStream(OutputStream.nullOutputStream(), crc));
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(array.byteCount());
                entry.setCompressedSize(array.byteCount());
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            array.writeTo(zip);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * Loads a {@code .npz} archive as a parameter tree, in archive order; an entry {@code a/b.npy} becomes
     * the tensor {@code a/b}.
     *
     * @throws NpzFormatException when the file is not a zip archive or an entry is not a supported array
     */
    public static Params load(Path file) throws IOException {
        String source = file.toString();
        if (file.getFileSystem() != FileSystems.getDefault()) {
            try (InputStream in = Files.newInputStream(file)) {
                return load(in, source);
            }
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(source);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new NpzFormatException(source, "not a valid .npz (zip) archive: " + e.getMessage()
                    + (looksLikeNpy(file) ? " (it is a single .npy array; read it with Npz.loadNpy)" : ""), e);
        }
        try (zip) {
            List<String> names = new ArrayList<>();
            List<Tensor> tensors = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    names.add(arrayName(entry));
                    tensors.add(readEntry(in, entry, source));
                }
            }
            return build(names, tensors, source);
        }
    }

    private static boolean looksLikeNpy(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(6), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a {@code .npz} archive from {@code in} (left open), as {@link #load(Path)} does. */
    public static Params load(InputStream in) throws IOException {
        return load(in, STREAM);
    }

    private static Params load(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(4);
        byte[] signature = buffered.readNBytes(4);
        buffered.reset();
        // ZipInputStream reads anything that is not a zip as an empty archive; tell the two apart first.
        if (!Arrays.equals(signature, LOCAL_HEADER) && !Arrays.equals(signature, EMPTY_ARCHIVE)) {
            throw new NpzFormatException(source, "not a valid .npz (zip) archive: it does not start with a zip "
                    + "entry header");
        }
        ZipInputStream zip = new ZipInputStream(buffered);
        List<String> names = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        while (true) {
            ZipEntry entry;
            try {
                entry = zip.getNextEntry();
            } catch (ZipException e) {
                throw new NpzFormatException(source, "not a valid .npz (zip) archive: " + e.getMessage(), e);
            }
            if (entry == null) {
                return build(names, tensors, source);
            }
            if (!entry.isDirectory()) {
                names.add(arrayName(entry));
                tensors.add(readEntry(zip, entry, source));
            }
        }
    }

    /** Reads one archive entry and checks its CRC-32, which the zip readers skip when data is left unread. */
    private static Tensor readEntry(InputStream raw, ZipEntry entry, String source) throws IOException {
        String where = source + ": entry '" + entry.getName() + "'";
        CheckedInputStream in = new CheckedInputStream(raw, new CRC32());
        try {
            NpyFormat.HostArray array = NpyFormat.read(new BufferedInputStream(in), where);
            in.transferTo(OutputStream.nullOutputStream());
            long crc = in.getChecksum().getValue();
            if (entry.getCrc() != -1 && entry.getCrc() != crc) {
                throw new NpzFormatException(where, String.format("the entry is corrupt: its CRC-32 is %08x, "
                        + "the archive says %08x", crc, entry.getCrc()));
            }
            return array.toTensor(Backends.current());
        } catch (ZipException | EOFException e) {
            throw new NpzFormatException(where, "the entry is corrupt or cut short: " + e.getMessage(), e);
        }
    }

    private static Params build(List<String> names, List<Tensor> tensors, String source) throws NpzFormatException {
        try {
            return Params.unflatten(names, tensors);
        } catch (IllegalArgumentException e) {
            throw new NpzFormatException(source, "the archive's array names do not form a parameter tree: "
                    + e.getMessage(), e);
        }
    }

    private static String arrayName(ZipEntry entry) {
        String name = entry.getName();
        return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }

    // ---- .npy ----------------------------------------------------------------------------------------

    /** Saves one tensor as a {@code .npy} file (like {@code np.save}), replacing {@code file} atomically. */
    public static void saveNpy(Path file, Tensor t) throws IOException {
        NpyFormat.HostArray array = NpyFormat.HostArray.of(t);
        writeAtomically(file, array::writeTo);
    }

    /** Writes one tensor in {@code .npy} format to {@code out}, which is left open. */
    public static void writeNpy(OutputStream out, Tensor t) throws IOException {
        NpyFormat.HostArray.of(t).writeTo(out);
    }

    /**
     * Loads a {@code .npy} file as a tensor on {@link Backends#current()}.
     *
     * @throws NpzFormatException when the file is not a {@code .npy} array, is cut short, or holds data Adjoint
     *                            does not support
     */
    public static Tensor loadNpy(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return NpyFormat.read(in, file.toString()).toTensor(Backends.current());
        }
    }

    /** Reads one {@code .npy} array from {@code in}, which is left just after its data. */
    public static Tensor readNpy(InputStream in) throws IOException {
        return NpyFormat.read(in, STREAM).toTensor(Backends.current());
    }

    // ---- atomic writes -------------------------------------------------------------------------------

    /** Writes the contents of a file. */
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, abs.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            setPermissions(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Temporary files are private to their owner; give the new file the old one's permissions, or the usual
     * {@code rw-r--r--} when there was none.
     */
    private static void setPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }
}
