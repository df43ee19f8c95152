package io.jmlflow.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Param values written as Python's {@code str()} writes them, so that a Java run and a Python run compare equal in
 * the MLflow UI: {@code None}, {@code True}/{@code False}, floats in {@code repr} form ({@code 0.0001}, {@code 1e-05},
 * {@code 100.0}, not {@code 1.0E-4}), integers as integers, and sequences and maps as Python prints them
 * ({@code [0.1, 'adam', None]}, {@code {'lr': 0.1}}). Everything else is its {@code toString()}. No lambdas: this runs
 * while a run starts.
 */
public final class ParamValues {
    /** Sequences longer than this are cut short ({@code [1, 2, ...]}): a param value holds at most 6000 characters. */
    private static final int MAX_ELEMENTS = 1000;

    private ParamValues() {
    }

    /** Python's {@code str(value)}; never throws (a broken {@code toString()} gives the class name). */
    public static String text(Object value) {
        if (value instanceof CharSequence) return value.toString();
        StringBuilder b = new StringBuilder();
        try {
            append(b, value, false);
        } catch (Throwable t) { // a broken toString(), a self-containing list: never into the caller
            return "<" + value.getClass().getName() + ">";
        }
        return b.toString();
    }

    /**
     * A number Java wrote as text ({@code Double.toString}: {@code 1.0E-4}, {@code Infinity}) in Python's form
     * ({@code 0.0001}, {@code inf}); any other text is returned as it is. For libraries that hand over their
     * hyperparameters as strings.
     */
    public static String number(String text) {
        if (text == null || !looksLikeJavaDouble(text)) return text;
        try {
            return PythonFloats.toString(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** {@code -1.5}, {@code 1.0E-4}, {@code Infinity}, {@code NaN}: what {@code Double.toString} writes. */
    private static boolean looksLikeJavaDouble(String s) {
        String t = s.startsWith("-") ? s.substring(1) : s;
        if (t.equals("Infinity") || t.equals("NaN")) return true;
        int i = 0;
        int n = t.length();
        int digits = 0;
        while (i < n && Character.isDigit(t.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || i == n || t.charAt(i) != '.') return false;
        i++;
        int fraction = 0;
        while (i < n && Character.isDigit(t.charAt(i))) {
            i++;
            fraction++;
        }
        if (fraction == 0) return false;
        if (i == n) return true;
        if (t.charAt(i) != 'E') return false;
        i++;
        if (i < n && t.charAt(i) == '-') i++;
        int exponent = 0;
        while (i < n && Character.isDigit(t.charAt(i))) {
            i++;
            exponent++;
        }
        return exponent > 0 && i == n;
    }

    /** Appends {@code str(v)}, or {@code repr(v)} for an element of a sequence or map ({@code quoted}). */
    private static void append(StringBuilder b, Object v, boolean quoted) {
        if (v == null) {
            b.append("None");
        } else if (v instanceof Boolean) {
            b.append(((Boolean) v) ? "True" : "False");
        } else if (v instanceof Double) {
            PythonFloats.append(b, (Double) v);
        } else if (v instanceof Float) {
            // numpy's float32 prints its own shortest digits: 0.1, not 0.10000000149011612
            PythonFloats.append(b, Double.parseDouble(Float.toString((Float) v)));
        } else if (v instanceof CharSequence || v instanceof Character) {
            if (quoted) quote(b, v.toString());
            else b.append(v);
        } else if (v instanceof Enum) {
            b.append(((Enum<?>) v).name());
        } else if (v instanceof Class) {
            b.append(((Class<?>) v).getName());
        } else if (v instanceof Map) {
            b.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (i > 0) b.append(", ");
                if (i++ == MAX_ELEMENTS) {
                    b.append("...");
                    break;
                }
                append(b, e.getKey(), true);
                b.append(": ");
                append(b, e.getValue(), true);
            }
            b.append('}');
        } else if (v instanceof Collection || v.getClass().isArray()) {
            boolean set = v instanceof java.util.Set;
            b.append(set ? '{' : '[');
            if (v instanceof Collection) {
                Iterator<?> it = ((Collection<?>) v).iterator();
                for (int i = 0; it.hasNext(); i++) {
                    if (!element(b, i, it.next())) break;
                }
            } else {
                int n = java.lang.reflect.Array.getLength(v);
                for (int i = 0; i < n; i++) {
                    if (!element(b, i, java.lang.reflect.Array.get(v, i))) break;
                }
            }
            b.append(set ? '}' : ']');
        } else {
            b.append(v);
        }
    }

    private static boolean element(StringBuilder b, int i, Object e) {
        if (i > 0) b.append(", ");
        if (i == MAX_ELEMENTS) {
            b.append("...");
            return false;
        }
        append(b, e, true);
        return true;
    }

    /** Python's {@code repr} of a string: single quotes unless it holds one and no double quote. */
    private static void quote(StringBuilder b, String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        b.append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q || c == '\\') b.append('\\').append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else b.append(c);
        }
        b.append(q);
    }
}
