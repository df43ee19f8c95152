package io.jmlflow.integrations.spark;

import io.jmlflow.internal.PythonFloats;
import io.jmlflow.internal.PythonJson;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as Python's {@code json.dumps} writes it (MLflow's {@code log_dict} uses {@code indent=2}): ASCII only,
 * floats in Python's form ({@code 0.01}, {@code 1e-05}, {@code NaN}), {@code ", "} and {@code ": "} between items
 * when not indented. Values other than strings, numbers, booleans, maps, collections and arrays are written as their
 * text.
 */
final class SparkJson {
    private SparkJson() {
    }

    /** Compact: {@code {"a": 1, "b": [0.5, "x"]}}. */
    static String compact(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, -1, 0);
        return b.toString();
    }

    /** Indented by two spaces per level, as {@code json.dump(d, f, indent=2)}. */
    static String indented(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 2, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int indent, int level) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean) {
            b.append(((Boolean) v) ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) b.append("NaN");
            else if (Double.isInfinite(d)) b.append(d > 0 ? "Infinity" : "-Infinity");
            else PythonFloats.append(b, d);
        } else if (v instanceof Number) {
            b.append(v);
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) b.append(',');
                first = false;
                newline(b, indent, level + 1);
                quote(b, String.valueOf(e.getKey()));
                b.append(": ");
                write(b, e.getValue(), indent, level + 1);
            }
            newline(b, indent, level);
            b.append('}');
        } else if (v instanceof Collection || v.getClass().isArray()) {
            int n = v instanceof Collection ? ((Collection<?>) v).size() : Array.getLength(v);
            if (n == 0) {
                b.append("[]");
                return;
            }
            b.append('[');
            Iterator<?> it = v instanceof Collection ? ((Collection<?>) v).iterator() : null;
            for (int i = 0; i < n; i++) {
                if (i > 0) b.append(',');
                newline(b, indent, level + 1);
                write(b, it != null ? it.next() : Array.get(v, i), indent, level + 1);
            }
            newline(b, indent, level);
            b.append(']');
        } else {
            quote(b, String.valueOf(v));
        }
    }

    private static void newline(StringBuilder b, int indent, int level) {
        if (indent < 0) {
            if (b.charAt(b.length() - 1) == ',') b.append(' ');
            return;
        }
        b.append('\n');
        for (int i = 0; i < indent * level; i++) b.append(' ');
    }

    static void quote(StringBuilder b, String s) {
        PythonJson.appendString(b, s);
    }
}
