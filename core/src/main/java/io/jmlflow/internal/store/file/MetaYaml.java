package io.jmlflow.internal.store.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code meta.yaml} files of MLflow's file store. Writes what PyYAML's {@code safe_dump(sort_keys=True,
 * default_flow_style=False)} writes for the flat maps MLflow stores (keys sorted, block style, strings quoted
 * only when a YAML reader could take them for something else); reads any YAML PyYAML writes.
 */
final class MetaYaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final Pattern PLAIN_CHARS = Pattern.compile("[\\p{L}0-9_./@ -]+(:[\\p{L}0-9_./@-][\\p{L}0-9_./@ -]*)*");
    /** PyYAML's implicit resolvers for bool, float, int, null and timestamp (yaml/resolver.py). */
    private static final Pattern PYYAML_IMPLICIT = Pattern.compile("^(?:"
            + "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
            + "|[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
            + "|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
            + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
            + "|~|null|Null|NULL"
            + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
            + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
            + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?"
            + ")$");

    private MetaYaml() {
    }

    /**
     * The map in {@code file}, or null when the file does not exist. Retries briefly when the file is empty,
     * as MLflow does, since a writer that does not replace files atomically may be halfway through.
     */
    static Map<String, Object> read(Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return null;
            }
            if (!isBlank(bytes)) {
                Map<String, Object> m = parse(bytes);
                if (m != null) return m;
            }
            if (attempt == 2) throw new IOException("empty file " + file);
            try {
                Thread.sleep(50L * (attempt + 1));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + file, ie);
            }
        }
    }

    /**
     * Parses a YAML mapping. Scalars keep their text unless they are null, booleans or decimal integers: PyYAML
     * writes {@code 1e5} unquoted for the string "1e5" (YAML 1.1 floats need a dot), where a YAML 1.2 reader
     * would see a number.
     */
    static Map<String, Object> parse(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) return null;
            if (t != JsonToken.START_OBJECT) throw new IOException("not a YAML mapping");
            return readObject(p);
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            m.put(key, readValue(p, p.nextToken()));
        }
        return m;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: return readObject(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) list.add(readValue(p, x));
                return list;
            }
            case VALUE_NULL: return null;
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NUMBER_INT: {
                String text = p.getText();
                return DECIMAL_INT.matcher(text).matches() ? (Object) p.getLongValue() : text;
            }
            default: return p.getText();
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        return true;
    }

    static byte[] toBytes(Map<String, ?> map) {
        StringBuilder b = new StringBuilder(512);
        writeMap(b, map, "");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeMap(StringBuilder b, Map<String, ?> map, String indent) {
        for (Map.Entry<String, ?> e : new TreeMap<String, Object>(map).entrySet()) {
            b.append(indent);
            scalar(b, e.getKey());
            b.append(':');
            Object v = e.getValue();
            if (v instanceof Map<?, ?> && !((Map<?, ?>) v).isEmpty()) {
                b.append('\n');
                @SuppressWarnings("unchecked") Map<String, ?> inner = (Map<String, ?>) v;
                writeMap(b, inner, indent + "  ");
            } else if (v instanceof Collection<?> && !((Collection<?>) v).isEmpty()) {
                b.append('\n');
                for (Object item : (Collection<?>) v) {
                    b.append(indent).append("- ");
                    value(b, item);
                    b.append('\n');
                }
            } else {
                b.append(' ');
                value(b, v);
                b.append('\n');
            }
        }
    }

    private static void value(StringBuilder b, Object v) {
        if (v == null) b.append("null");
        else if (v instanceof Map<?, ?>) b.append("{}");
        else if (v instanceof Collection<?>) b.append("[]");
        else if (v instanceof Number || v instanceof Boolean) b.append(v);
        else scalar(b, v.toString());
    }

    /** A string scalar: plain when unambiguous, else single-quoted, or double-quoted with escapes. */
    static void scalar(StringBuilder b, String s) {
        if (isPlainSafe(s)) {
            b.append(s);
        } else if (isPrintableOneLine(s)) {
            b.append('\'').append(s.replace("'", "''")).append('\'');
        } else {
            doubleQuoted(b, s);
        }
    }

    /**
     * Plain (unquoted) when PyYAML would write it plain: only safe characters, no leading indicator, and not
     * something PyYAML's YAML 1.1 resolvers would read back as a bool, number, null or timestamp.
     */
    private static boolean isPlainSafe(String s) {
        if (s.isEmpty() || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') return false;
        if (!PLAIN_CHARS.matcher(s).matches()) return false;
        char first = s.charAt(0);
        if (first == '@' || (first == '-' && (s.length() == 1 || s.charAt(1) == ' '))) return false;
        return !PYYAML_IMPLICIT.matcher(s).matches();
    }

    private static boolean isPrintableOneLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                return false;
            }
        }
        return true;
    }

    private static void doubleQuoted(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    // ---- typed access to maps read from YAML

    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static Long longOrNull(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (v instanceof Number) return ((Number) v).longValue();
        String s = v.toString().trim();
        if (s.isEmpty()) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(s);
        }
    }

    static long longOr(Map<String, Object> m, String key, long dflt) {
        Long v = longOrNull(m, key);
        return v == null ? dflt : v;
    }
}
