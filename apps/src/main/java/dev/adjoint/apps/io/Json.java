package dev.adjoint.apps.io;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for maps, lists, primitive arrays, strings, numbers, booleans and null; non-finite numbers
 * become null.
 */
public final class Json {
    private Json() {
    }

    /** {@code value} as indented JSON text. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object value, int indent) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                sb.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append((long) d);
            } else {
                sb.append(d); // Java's shortest repr, e.g. 0.25 or 1.5E-7, is a valid JSON number
            }
        } else if (value instanceof Number n) {
            sb.append(n);
        } else if (value instanceof Map<?, ?> map) {
            container(sb, '{', '}', map.entrySet().iterator(), indent, (e, i) -> {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                string(sb, String.valueOf(entry.getKey()));
                sb.append(": ");
                write(sb, entry.getValue(), i);
            });
        } else if (value instanceof double[] array) {
            write(sb, java.util.Arrays.stream(array).boxed().toList(), indent);
        } else if (value instanceof int[] array) {
            write(sb, java.util.Arrays.stream(array).boxed().toList(), indent);
        } else if (value instanceof long[] array) {
            write(sb, java.util.Arrays.stream(array).boxed().toList(), indent);
        } else if (value instanceof List<?> list) {
            container(sb, '[', ']', list.iterator(), indent, (e, i) -> write(sb, e, i));
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private interface Element {
        void write(Object element, int indent);
    }

    private static void container(StringBuilder sb, char open, char close, Iterator<?> it, int indent,
            Element element) {
        sb.append(open);
        if (!it.hasNext()) {
            sb.append(close);
            return;
        }
        String inner = "  ".repeat(indent + 1);
        while (it.hasNext()) {
            sb.append('\n').append(inner);
            element.write(it.next(), indent + 1);
            if (it.hasNext()) {
                sb.append(',');
            }
        }
        sb.append('\n').append("  ".repeat(indent)).append(close);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
