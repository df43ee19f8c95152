package io.jmlflow.internal;

/** JSON text as Python's {@code json.dumps} writes it (the files MLflow's Python side reads and compares). */
public final class PythonJson {
    private PythonJson() {
    }

    /** Appends {@code s} as a JSON string with {@code json.dumps}'s escapes (non-ASCII as {@code \\uxxxx}). */
    public static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (ch < 0x20 || ch > 0x7E) b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        b.append('"');
    }
}
