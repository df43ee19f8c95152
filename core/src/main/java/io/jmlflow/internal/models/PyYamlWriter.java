package io.jmlflow.internal.models;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML text byte for byte as Python's {@code yaml.safe_dump(data, default_flow_style=False)} writes it (which is how
 * MLflow writes {@code MLmodel}): block style, keys sorted, two-space indentation with sequences in mappings not
 * indented, a string quoted only where YAML would read it as another type or could not read it plain (single quotes,
 * or double quotes with escapes for non-ASCII and control characters), and long scalars folded at spaces after column
 * 80. Takes maps with string keys, lists and arrays, strings, numbers, booleans and nulls; anything else is written as
 * its {@code toString()}. No YAML library: writing an MLmodel loads no parser.
 */
final class PyYamlWriter {
    private static final int WIDTH = 80;
    private static final int INDENT = 2;
    /** PyYAML's implicit resolvers: a plain scalar matching one of these is not read back as a string. */
    private static final Pattern NOT_A_STRING = Pattern.compile("^(?:"
            + "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
            + "|[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
            + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
            + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
            + "|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
            + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
            + "|<<|~|null|Null|NULL|"
            + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
            + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
            + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?"
            + "|=)$", Pattern.UNIX_LINES);
    private static final Comparator<String> PYTHON_ORDER = new Comparator<String>() { // a class: a method reference links on first use
        @Override
        public int compare(String a, String b) {
            return compareCodePoints(a, b);
        }
    };

    private final StringBuilder out = new StringBuilder();
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;

    private PyYamlWriter() {
    }

    /** The YAML document of {@code document} as PyYAML's {@code safe_dump} writes it. */
    static String dump(Map<?, ?> document) {
        PyYamlWriter w = new PyYamlWriter();
        if (document.isEmpty()) {
            w.writeIndicator("{}", true, false, false);
        } else {
            w.mapping(document, 0);
        }
        w.writeIndent(0);
        return w.out.toString();
    }

    private void node(Object value, int indent, boolean inMapping) {
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) writeIndicator("{}", true, false, false);
            else mapping(m, indent + INDENT);
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            List<?> items = value instanceof Collection<?> c ? new ArrayList<>(c) : List.of((Object[]) value);
            if (items.isEmpty()) {
                writeIndicator("[]", true, false, false);
            } else {
                // a sequence that is a mapping's value is not indented (PyYAML's indentless sequence)
                int itemIndent = inMapping && !indention ? indent : indent + INDENT;
                for (Object item : items) {
                    writeIndent(itemIndent);
                    writeIndicator("-", true, false, true);
                    node(item, itemIndent, false);
                }
            }
        } else {
            scalar(value, indent + INDENT, false);
        }
    }

    private void mapping(Map<?, ?> m, int indent) {
        List<String> keys = new ArrayList<>(m.size());
        for (Object k : m.keySet()) keys.add(String.valueOf(k));
        keys.sort(PYTHON_ORDER);
        for (String key : keys) {
            writeIndent(indent);
            scalar(key, indent + INDENT, true);
            writeIndicator(":", false, false, false);
            node(m.containsKey(key) ? m.get(key) : valueOf(m, key), indent, true);
        }
    }

    /** The value of the key whose text is {@code key} (keys that are not strings). */
    private static Object valueOf(Map<?, ?> m, String key) {
        for (Map.Entry<?, ?> e : m.entrySet()) if (String.valueOf(e.getKey()).equals(key)) return e.getValue();
        return null;
    }

    private void scalar(Object value, int indent, boolean simpleKey) {
        if (value == null) {
            writePlain("null", indent, !simpleKey);
        } else if (value instanceof Boolean b) {
            writePlain(b ? "true" : "false", indent, !simpleKey);
        } else if (value instanceof Double || value instanceof Float) {
            writePlain(pythonFloat(((Number) value).doubleValue()), indent, !simpleKey);
        } else if (value instanceof Number n && !(value instanceof BigDecimal)) {
            writePlain(n.toString(), indent, !simpleKey);
        } else {
            string(value instanceof Enum<?> e ? e.name() : value.toString(), indent, simpleKey);
        }
    }

    private void string(String s, int indent, boolean simpleKey) {
        int[] text = codePoints(s);
        Style style = Style.of(text);
        boolean multiline = style.lineBreaks;
        boolean split = !simpleKey;
        if (!NOT_A_STRING.matcher(s).find() && !(simpleKey && (text.length == 0 || multiline)) && style.plain) {
            writePlain(s, indent, split);
        } else if (style.singleQuoted && !(simpleKey && multiline)) {
            writeSingleQuoted(text, indent, split);
        } else {
            writeDoubleQuoted(text, indent, split);
        }
    }

    /** What PyYAML's analysis of a scalar allows in block context. */
    private static final class Style {
        boolean plain = true;
        boolean singleQuoted = true;
        boolean lineBreaks;

        static Style of(int[] s) {
            Style st = new Style();
            if (s.length == 0) return st;
            boolean blockIndicators = false;
            boolean special = false;
            boolean leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
            boolean breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
            if (startsWith(s, "---") || startsWith(s, "...")) blockIndicators = true;
            boolean precededByWhitespace = true;
            boolean followedByWhitespace = s.length == 1 || isWhitespace(s[1]);
            for (int i = 0; i < s.length; i++) {
                int ch = s[i];
                if (i == 0) {
                    if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) blockIndicators = true;
                    if ((ch == '?' || ch == ':' || ch == '-') && followedByWhitespace) blockIndicators = true;
                } else {
                    if (ch == ':' && followedByWhitespace) blockIndicators = true;
                    if (ch == '#' && precededByWhitespace) blockIndicators = true;
                }
                if (isBreak(ch)) st.lineBreaks = true;
                if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E))) special = true; // safe_dump: allow_unicode=False
                if (ch == ' ') {
                    if (i == 0) leadingSpace = true;
                    if (i == s.length - 1) trailingSpace = true;
                    if (previousBreak) breakSpace = true;
                    previousSpace = true;
                    previousBreak = false;
                } else if (isBreak(ch)) {
                    if (i == 0) leadingBreak = true;
                    if (i == s.length - 1) trailingBreak = true;
                    if (previousSpace) spaceBreak = true;
                    previousSpace = false;
                    previousBreak = true;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = ch == 0 || isWhitespace(ch);
                followedByWhitespace = i + 2 >= s.length || isWhitespace(s[i + 2]);
            }
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) st.plain = false;
            if (breakSpace) st.plain = st.singleQuoted = false;
            if (spaceBreak || special) st.plain = st.singleQuoted = false;
            if (st.lineBreaks || blockIndicators) st.plain = false;
            return st;
        }
    }

    private void writePlain(String s, int indent, boolean split) {
        if (s.isEmpty()) return;
        if (!whitespace) write(" ");
        whitespace = false;
        indention = false;
        int[] text = codePoints(s);
        boolean spaces = false;
        boolean breaks = false;
        int start = 0;
        for (int end = 0; end <= text.length; end++) {
            int ch = end < text.length ? text[end] : -1;
            if (spaces) {
                if (ch != ' ') {
                    if (start + 1 == end && column > WIDTH && split) {
                        writeIndent(indent);
                        whitespace = false;
                        indention = false;
                    } else {
                        write(text, start, end);
                    }
                    start = end;
                }
            } else if (breaks) {
                if (!isBreak(ch)) {
                    writeBreaks(text, start, end, indent);
                    whitespace = false;
                    indention = false;
                    start = end;
                }
            } else if (ch == -1 || ch == ' ' || isBreak(ch)) {
                write(text, start, end);
                start = end;
            }
            if (ch != -1) {
                spaces = ch == ' ';
                breaks = isBreak(ch);
            }
        }
    }

    private void writeSingleQuoted(int[] text, int indent, boolean split) {
        writeIndicator("'", true, false, false);
        boolean spaces = false;
        boolean breaks = false;
        int start = 0;
        for (int end = 0; end <= text.length; end++) {
            int ch = end < text.length ? text[end] : -1;
            if (spaces) {
                if (ch != ' ') {
                    if (start + 1 == end && column > WIDTH && split && start != 0 && end != text.length) {
                        writeIndent(indent);
                    } else {
                        write(text, start, end);
                    }
                    start = end;
                }
            } else if (breaks) {
                if (!isBreak(ch)) {
                    writeBreaks(text, start, end, indent);
                    start = end;
                }
            } else if (ch == -1 || ch == ' ' || isBreak(ch) || ch == '\'') {
                if (start < end) {
                    write(text, start, end);
                    start = end;
                }
            }
            if (ch == '\'') {
                write("''");
                start = end + 1;
            }
            if (ch != -1) {
                spaces = ch == ' ';
                breaks = isBreak(ch);
            }
        }
        writeIndicator("'", false, false, false);
    }

    private void writeBreaks(int[] text, int start, int end, int indent) {
        if (text[start] == '\n') writeLineBreak("\n");
        for (int i = start; i < end; i++) writeLineBreak(new String(text, i, 1));
        writeIndent(indent);
    }

    private void writeDoubleQuoted(int[] text, int indent, boolean split) {
        writeIndicator("\"", true, false, false);
        int start = 0;
        for (int end = 0; end <= text.length; end++) {
            int ch = end < text.length ? text[end] : -1;
            if (ch == -1 || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xFEFF
                    || !(ch >= 0x20 && ch <= 0x7E)) {
                if (start < end) {
                    write(text, start, end);
                    start = end;
                }
                if (ch != -1) {
                    write(escape(ch));
                    start = end + 1;
                }
            }
            if (end > 0 && end < text.length - 1 && (ch == ' ' || start >= end)
                    && column + (end - start) > WIDTH && split) {
                write(text, start, end);
                write("\\");
                if (start < end) start = end;
                writeIndent(indent);
                whitespace = false;
                indention = false;
                if (text[start] == ' ') write("\\");
            }
        }
        writeIndicator("\"", false, false, false);
    }

    private static String escape(int ch) {
        switch (ch) {
            case 0: return "\\0";
            case 0x07: return "\\a";
            case 0x08: return "\\b";
            case 0x09: return "\\t";
            case 0x0A: return "\\n";
            case 0x0B: return "\\v";
            case 0x0C: return "\\f";
            case 0x0D: return "\\r";
            case 0x1B: return "\\e";
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case 0x85: return "\\N";
            case 0xA0: return "\\_";
            case 0x2028: return "\\L";
            case 0x2029: return "\\P";
            default:
                if (ch <= 0xFF) return String.format("\\x%02X", ch);
                if (ch <= 0xFFFF) return String.format("\\u%04X", ch);
                return String.format("\\U%08X", ch);
        }
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean whitespaceAfter,
                                boolean indentionAfter) {
        write(whitespace || !needWhitespace ? indicator : " " + indicator);
        whitespace = whitespaceAfter;
        indention = indention && indentionAfter;
    }

    private void writeIndent(int indent) {
        if (!indention || column > indent || (column == indent && !whitespace)) writeLineBreak("\n");
        if (column < indent) {
            whitespace = true;
            out.append(" ".repeat(indent - column));
            column = indent;
        }
    }

    private void writeLineBreak(String data) {
        out.append(data);
        whitespace = true;
        indention = true;
        column = 0;
    }

    private void write(String ascii) {
        out.append(ascii);
        column += ascii.length();
    }

    private void write(int[] text, int start, int end) {
        for (int i = start; i < end; i++) out.appendCodePoint(text[i]);
        column += end - start;
    }

    /** A double as Python's {@code repr} writes it, in PyYAML's form ({@code 1.0e-05}, {@code .inf}, {@code .nan}). */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) return ".nan";
        if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal v = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = v.unscaledValue().toString();
        int exponent = v.precision() - v.scale() - 1;
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = v.toPlainString();
            return sign + (plain.indexOf('.') >= 0 ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits + ".0" : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                + Math.abs(exponent);
    }

    private static int[] codePoints(String s) {
        int[] cps = new int[s.codePointCount(0, s.length())];
        for (int i = 0, j = 0; i < s.length(); j++) {
            int cp = s.codePointAt(i);
            cps[j] = cp;
            i += Character.charCount(cp);
        }
        return cps;
    }

    private static boolean startsWith(int[] s, String prefix) {
        if (s.length < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (s[i] != prefix.charAt(i)) return false;
        return true;
    }

    private static boolean isBreak(int ch) {
        return ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029;
    }

    private static boolean isWhitespace(int ch) {
        return ch == 0 || ch == ' ' || ch == '\t' || ch == '\r' || isBreak(ch);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
