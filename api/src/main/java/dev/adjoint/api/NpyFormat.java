package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NumPy's {@code .npy} format: the magic string, a version, a Python-dict header padded to 64 bytes, then
 * the elements little-endian in C order. Writes exactly what {@code np.save} writes; reads versions 1.0, 2.0
 * and 3.0 of float32, float64 and int32 arrays.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** NumPy pads the header so that the first dimension can grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    private static final String SUPPORTED = "expected <f4, <f8 or <i4";

    private NpyFormat() {
    }

    /** The elements of a tensor on the host: a {@code float[]}, {@code double[]} or {@code int[]}. */
    record HostArray(DType dtype, Shape shape, Object data) {
        /** Copies {@code t}'s elements to the host once. */
        static HostArray of(Tensor t) {
            Object data = switch (t.dtype()) {
                case FLOAT32 -> t.toFloatArray();
                case FLOAT64 -> t.toDoubleArray();
                case INT32 -> t.toIntArray();
            };
            return new HostArray(t.dtype(), t.shape(), data);
        }

        /** A tensor with these elements on {@code backend}. */
        Tensor toTensor(Backend backend) {
            return new Tensor(backend, switch (dtype) {
                case FLOAT32 -> backend.fromHost((float[]) data);
                case FLOAT64 -> backend.fromHost((double[]) data);
                case INT32 -> backend.fromHost((int[]) data);
            }, shape);
        }

        /** The number of bytes {@link #writeTo} writes. */
        long byteCount() {
            return preamble(dtype, shape).length + (long) shape.size() * dtype.byteSize();
        }

        /** Writes the header and the elements. */
        void writeTo(OutputStream out) throws IOException {
            out.write(preamble(dtype, shape));
            writeData(out, dtype, data, shape.size());
        }
    }

    /** The magic string, version, header length and header, as {@code np.save} writes them. */
    static byte[] preamble(DType dtype, Shape shape) {
        int[] dims = shape.dims();
        StringBuilder h = new StringBuilder("{'descr': '").append(descr(dtype))
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < dims.length; i++) {
            h.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        h.append(dims.length == 1 ? ",), }" : "), }");
        if (dims.length > 0) {
            h.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Integer.toString(dims[0]).length());
        }
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = 2;
        int headerLength = paddedLength(MAGIC.length + 2 + lengthBytes, header.length);
        if (headerLength > 0xFFFF) {
            lengthBytes = 4;
            headerLength = paddedLength(MAGIC.length + 2 + lengthBytes, header.length);
        }
        boolean v1 = lengthBytes == 2;
        int fixed = MAGIC.length + 2 + lengthBytes;
        int pad = headerLength - header.length - 1;
        ByteBuffer b = ByteBuffer.allocate(fixed + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(header);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** As NumPy does: the header plus 1..64 spaces and a newline, ending on a multiple of 64 bytes. */
    private static int paddedLength(int fixed, int headerBytes) {
        return headerBytes + 1 + ALIGN - (fixed + headerBytes + 1) % ALIGN;
    }

    private static String descr(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT32 -> "<i4";
        };
    }

    private static void writeData(OutputStream out, DType dtype, Object data, int n) throws IOException {
        int per = CHUNK_BYTES / dtype.byteSize();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < n; off += per) {
            int len = Math.min(per, n - off);
            buf.clear();
            switch (dtype) {
                case FLOAT32 -> buf.asFloatBuffer().put((float[]) data, off, len);
                case FLOAT64 -> buf.asDoubleBuffer().put((double[]) data, off, len);
                case INT32 -> buf.asIntBuffer().put((int[]) data, off, len);
            }
            out.write(buf.array(), 0, len * dtype.byteSize());
        }
    }

    /**
     * Reads one array from {@code in}, which is left just after its data. {@code source} names the file (and
     * entry) in error messages.
     */
    static HostArray read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            byte[] more = in.readNBytes(10);
            byte[] start = Arrays.copyOf(magic, magic.length + more.length);
            System.arraycopy(more, 0, start, magic.length, more.length);
            throw new NpzFormatException(source, "not a .npy array: it does not start with the magic string "
                    + "\\x93NUMPY (found " + (start.length == 0 ? "an empty file" : quote(start)) + ")");
        }
        byte[] version = readFully(in, 2, source, "version");
        int major = version[0] & 0xFF;
        int minor = version[1] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpzFormatException(source, ".npy format version " + major + "." + minor
                    + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        byte[] len = readFully(in, major == 1 ? 2 : 4, source, "header length");
        long headerLength = major == 1 ? (len[0] & 0xFF) | (len[1] & 0xFF) << 8
                : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpzFormatException(source, "header length " + headerLength + " is implausibly large "
                    + "(at most " + MAX_HEADER_BYTES + " bytes expected)");
        }
        byte[] headerBytes = readFully(in, (int) headerLength, source, "header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, PyLiteral.Value> dict;
        try {
            dict = PyLiteral.parseDict(header);
        } catch (PyLiteral.SyntaxException e) {
            throw new NpzFormatException(source, "cannot parse the header " + quote(header.strip()) + ": "
                    + e.getMessage());
        }
        DType dtype = dtype(dict, source);
        Shape shape = shape(dict, source);
        checkOrder(dict, shape, source);
        return new HostArray(dtype, shape, readData(in, dtype, shape, source));
    }

    private static DType dtype(Map<String, PyLiteral.Value> dict, String source) throws NpzFormatException {
        for (String k : dict.keySet()) {
            if (!KEYS.contains(k)) {
                throw new NpzFormatException(source, "the header has the unexpected key '" + k
                        + "'; expected exactly 'descr', 'fortran_order' and 'shape'");
            }
        }
        for (String k : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(k)) {
                throw new NpzFormatException(source, "the header has no '" + k
                        + "' key; expected 'descr', 'fortran_order' and 'shape'");
            }
        }
        PyLiteral.Value descr = dict.get("descr");
        if (!(descr.value() instanceof String d)) {
            throw new NpzFormatException(source, "structured dtype " + descr.text() + " is not supported; "
                    + SUPPORTED);
        }
        switch (d) {
            case "<f4":
                return DType.FLOAT32;
            case "<f8":
                return DType.FLOAT64;
            case "<i4":
                return DType.INT32;
            default:
                break;
        }
        if (d.length() == 3 && d.charAt(0) == '>' && Set.of("f4", "f8", "i4").contains(d.substring(1))) {
            throw new NpzFormatException(source, "big-endian dtype '" + d + "' is not supported; "
                    + "expected little-endian <f4, <f8 or <i4 (in NumPy: a.astype(a.dtype.newbyteorder('<')))");
        }
        throw new NpzFormatException(source, "dtype '" + d + "' is not supported; " + SUPPORTED
                + " (in NumPy: a.astype(np.float32), np.float64 or np.int32)");
    }

    private static Shape shape(Map<String, PyLiteral.Value> dict, String source) throws NpzFormatException {
        PyLiteral.Value shape = dict.get("shape");
        if (!(shape.value() instanceof PyLiteral.Tuple tuple)) {
            throw new NpzFormatException(source, "shape " + shape.text() + " is not a tuple of integers");
        }
        int[] dims = new int[tuple.items().size()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!(tuple.items().get(i).value() instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new NpzFormatException(source, "shape " + shape.text()
                        + " is not a tuple of integers in [0, " + Integer.MAX_VALUE + "]");
            }
            dims[i] = d.intValue();
            size = Math.min(size * d, (long) Integer.MAX_VALUE + 1);
        }
        if (size > Integer.MAX_VALUE) {
            throw new NpzFormatException(source, "shape " + shape.text() + " has more than "
                    + Integer.MAX_VALUE + " elements, more than a tensor can hold");
        }
        return Shape.of(dims);
    }

    private static void checkOrder(Map<String, PyLiteral.Value> dict, Shape shape, String source)
            throws NpzFormatException {
        PyLiteral.Value order = dict.get("fortran_order");
        if (!(order.value() instanceof Boolean fortran)) {
            throw new NpzFormatException(source, "fortran_order " + order.text() + " is not True or False");
        }
        int nonUnit = 0;
        for (int d : shape.dims()) {
            nonUnit += d > 1 ? 1 : 0;
        }
        // With at most one dimension above 1, Fortran and C order lay the elements out identically.
        if (fortran && nonUnit > 1) {
            throw new NpzFormatException(source, "Fortran-order (column-major) data of shape "
                    + shape + " is not supported; expected C order (in NumPy: np.ascontiguousarray(a))");
        }
    }

    private static Object readData(InputStream in, DType dtype, Shape shape, String source) throws IOException {
        int n = shape.size();
        int itemSize = dtype.byteSize();
        Object data = switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
        };
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, (long) n * itemSize)];
        int per = CHUNK_BYTES / itemSize;
        for (int off = 0; off < n; off += per) {
            int len = Math.min(per, n - off);
            int got = in.readNBytes(chunk, 0, len * itemSize);
            if (got < len * itemSize) {
                throw new NpzFormatException(source, "the data is cut short: expected "
                        + (long) n * itemSize + " data bytes (" + dtype.label() + ", shape " + shape
                        + "), found " + ((long) off * itemSize + got));
            }
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, got).order(ByteOrder.LITTLE_ENDIAN);
            switch (dtype) {
                case FLOAT32 -> b.asFloatBuffer().get((float[]) data, off, len);
                case FLOAT64 -> b.asDoubleBuffer().get((double[]) data, off, len);
                case INT32 -> b.asIntBuffer().get((int[]) data, off, len);
            }
        }
        return data;
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new NpzFormatException(source, "the " + what + " is cut short: expected " + n + " bytes, found "
                    + b.length);
        }
        return b;
    }

    /** Printable form of the first 16 bytes, for messages. */
    private static String quote(byte[] bytes) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < Math.min(bytes.length, 16); i++) {
            int c = bytes[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return b.append(bytes.length > 16 ? "...'" : "'").toString();
    }

    /** The first 200 characters of a header, for messages. */
    private static String quote(String s) {
        return s.length() <= 200 ? "\"" + s + "\"" : "\"" + s.substring(0, 200) + "...\"";
    }
}
