package dev.adjoint.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the small subset of Python literals found in {@code .npy} headers: a dict with string keys
 * whose values are strings, booleans, {@code None}, integers (an old Python 2 {@code L} suffix allowed),
 * tuples and lists. Every parsed value keeps its source text for error messages.
 */
final class PyLiteral {
    /** A parsed value: {@code String}, {@code Boolean}, {@code Long}, {@link Tuple}, {@code List} or null. */
    record Value(Object value, String text) {
    }

    /** A Python tuple, kept apart from a list because NumPy requires the shape to be a tuple. */
    record Tuple(List<Value> items) {
    }

    /** Thrown when the text is not a literal of the supported subset; the message says where and why. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private final String s;
    private int pos;

    private PyLiteral(String s) {
        this.s = s;
    }

    /** Parses {@code text} (surrounding whitespace allowed) as a dict with string keys, keeping key order. */
    static Map<String, Value> parseDict(String text) throws SyntaxException {
        PyLiteral p = new PyLiteral(text);
        p.skipSpace();
        Value v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the dict");
        }
        if (!(v.value() instanceof Map<?, ?> m)) {
            throw new SyntaxException("expected a dict, found " + v.text());
        }
        @SuppressWarnings("unchecked")
        Map<String, Value> dict = (Map<String, Value>) m;
        return dict;
    }

    private Value value() throws SyntaxException {
        if (pos >= s.length()) {
            throw error("expected a value");
        }
        int start = pos;
        char c = s.charAt(pos);
        Object v;
        if (c == '{') {
            v = dict();
        } else if (c == '(') {
            pos++;
            List<Value> items = new ArrayList<>();
            boolean comma = sequence(')', items);
            // "(5)" is a parenthesised 5, not a tuple; "(5,)" and "()" are tuples.
            if (items.size() == 1 && !comma) {
                return new Value(items.get(0).value(), s.substring(start, pos));
            }
            v = new Tuple(List.copyOf(items));
        } else if (c == '[') {
            pos++;
            List<Value> items = new ArrayList<>();
            sequence(']', items);
            v = List.copyOf(items);
        } else if (c == '\'' || c == '"') {
            v = string();
        } else if (c == '-' || c == '+' || Character.isDigit(c)) {
            v = integer();
        } else if (Character.isLetter(c)) {
            v = keyword();
        } else {
            throw error("unexpected character '" + c + "'");
        }
        return new Value(v, s.substring(start, pos));
    }

    private Map<String, Value> dict() throws SyntaxException {
        pos++;
        Map<String, Value> m = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            Value key = value();
            if (!(key.value() instanceof String k)) {
                throw error("dict keys must be strings, found " + key.text());
            }
            skipSpace();
            expect(':');
            skipSpace();
            Value v = value();
            if (m.putIfAbsent(k, v) != null) {
                throw error("key '" + k + "' appears twice");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }
    }

    /** Reads items up to {@code close}; returns whether any comma was seen. */
    private boolean sequence(char close, List<Value> items) throws SyntaxException {
        boolean comma = false;
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                return comma;
            }
            items.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                comma = true;
            } else if (peek() != close) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string() throws SyntaxException {
        char quote = s.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\' && pos < s.length()) {
                c = s.charAt(pos++);
            }
            b.append(c);
        }
        throw error("unterminated string");
    }

    private Long integer() throws SyntaxException {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        int digits = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw error("expected digits");
        }
        String text = s.substring(start, pos);
        if (peek() == 'L' || peek() == 'l') {
            pos++;
        }
        try {
            return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw new SyntaxException("integer " + text + " is out of range");
        }
    }

    private Object keyword() throws SyntaxException {
        int start = pos;
        while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
            pos++;
        }
        return switch (s.substring(start, pos)) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> {
                pos = start;
                throw error("unknown name '" + s.substring(start, Math.min(s.length(), start + 20)) + "'");
            }
        };
    }

    private void expect(char c) throws SyntaxException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private SyntaxException error(String what) {
        return new SyntaxException(what + " at character " + pos);
    }
}
