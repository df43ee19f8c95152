package io.jmlflow.store.file;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code meta.yaml} files of MLflow's file store. Writes what PyYAML's {@code safe_dump(sort_keys=True,
 * default_flow_style=False)} writes for the flat maps MLflow stores (keys sorted, block style, strings quoted
 * only when a YAML reader could take them for something else); reads any YAML PyYAML writes.
 */
final class MetaYaml {
    private static final ObjectMapper READER = new ObjectMapper(new YAMLFactory());
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Set<String> RESERVED_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false",
            "null", "~");
    private static final Pattern PLAIN_CHARS = Pattern.compile("[A-Za-z0-9_./@ -]+(:[A-Za-z0-9_./@-][A-Za-z0-9_./@ -]*)*");
    private static final Pattern DATE_PREFIX = Pattern.compile("^\\d{4}-\\d\\d?-\\d\\d?.*");

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
                Map<String, Object> m = READER.readValue(bytes, MAP);
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

    private static boolean isPlainSafe(String s) {
        if (s.isEmpty() || s.charAt(s.length() - 1) == ' ' || !PLAIN_CHARS.matcher(s).matches()) return false;
        char first = s.charAt(0);
        if (Character.isLetter(first) || first == '_' || first == '/') {
            return !RESERVED_WORDS.contains(s.toLowerCase(Locale.ROOT));
        }
        if (!Character.isDigit(first)) return false;
        // Starts with a digit: plain only when no YAML reader could see a number, date or timestamp in it.
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b") || DATE_PREFIX.matcher(s).matches()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c) && c != 'e' && c != 'E') return true;
        }
        return false;
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
