package io.jmlflow.internal.search;

import io.jmlflow.MlflowException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MLflow's search filter language: comparisons joined by {@code AND}, e.g.
 * {@code metrics.rmse < 0.5 and params.model = 'rf' and tags.`mlflow.runName` LIKE 'brave%'
 * and attributes.status IN ('FINISHED', 'FAILED')}. An identifier without a prefix is an attribute.
 * Stores evaluate it in memory against an {@link Fields} accessor.
 */
public final class SearchFilter {
    /** Entity types an identifier can name. */
    public enum Type { METRIC, PARAM, TAG, ATTRIBUTE, DATASET }

    /** One comparison. {@code value} is a String, a Double, a List of Strings (IN) or null (IS NULL). */
    public record Clause(Type type, String key, String op, Object value) {
    }

    /** Gives the value of a field of one entity: a String, a Number, or null when absent. */
    public interface Fields {
        Object get(Type type, String key);
    }

    private static final SearchFilter MATCH_ALL = new SearchFilter(List.of());
    private final List<Clause> clauses;

    private SearchFilter(List<Clause> clauses) {
        this.clauses = clauses;
    }

    public List<Clause> clauses() { return clauses; }

    public static SearchFilter parse(String filter) {
        if (filter == null || filter.isBlank()) return MATCH_ALL;
        return new SearchFilter(new Parser(filter).parse());
    }

    public boolean matches(Fields fields) {
        for (Clause c : clauses) {
            if (!matches(c, fields.get(c.type(), c.key()))) return false;
        }
        return true;
    }

    private static boolean matches(Clause c, Object actual) {
        switch (c.op()) {
            case "IS NULL": return actual == null;
            case "IS NOT NULL": return actual != null;
            default: break;
        }
        if (actual == null) return false;
        if (c.op().equals("IN") || c.op().equals("NOT IN")) {
            @SuppressWarnings("unchecked") List<String> options = (List<String>) c.value();
            boolean in = options.contains(actual instanceof Number ? formatNumber((Number) actual) : actual.toString());
            return c.op().equals("IN") == in;
        }
        if (c.op().equals("LIKE") || c.op().equals("ILIKE")) {
            boolean ci = c.op().equals("ILIKE");
            String pattern = likeToRegex(c.value().toString());
            return Pattern.compile(pattern, ci ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL)
                    .matcher(actual.toString()).matches();
        }
        int cmp;
        if (actual instanceof Number || c.value() instanceof Double) {
            double a;
            double b;
            try {
                a = actual instanceof Number ? ((Number) actual).doubleValue() : Double.parseDouble(actual.toString());
                b = c.value() instanceof Double ? (Double) c.value() : Double.parseDouble(c.value().toString());
            } catch (NumberFormatException e) {
                return false;
            }
            cmp = Double.compare(a, b);
            if (Double.isNaN(a) || Double.isNaN(b)) return false;
        } else {
            cmp = actual.toString().compareTo(c.value().toString());
        }
        switch (c.op()) {
            case "=": return cmp == 0;
            case "!=": return cmp != 0;
            case "<": return cmp < 0;
            case "<=": return cmp <= 0;
            case ">": return cmp > 0;
            case ">=": return cmp >= 0;
            default: return false;
        }
    }

    private static String formatNumber(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String likeToRegex(String like) {
        StringBuilder b = new StringBuilder();
        for (char ch : like.toCharArray()) {
            if (ch == '%') b.append(".*");
            else if (ch == '_') b.append('.');
            else b.append(Pattern.quote(String.valueOf(ch)));
        }
        return b.toString();
    }

    /** Parses an identifier such as {@code metrics.`a b`} into its type and key. */
    public static Clause identifier(String text) {
        Parser p = new Parser(text);
        return p.identifier();
    }

    static Type typeOf(String prefix) {
        switch (prefix.toLowerCase(Locale.ROOT)) {
            case "metric": case "metrics": return Type.METRIC;
            case "param": case "params": case "parameter": case "parameters": return Type.PARAM;
            case "tag": case "tags": return Type.TAG;
            case "attribute": case "attributes": case "attr": case "run": return Type.ATTRIBUTE;
            case "dataset": case "datasets": return Type.DATASET;
            default: return null;
        }
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<Clause> parse() {
            List<Clause> out = new ArrayList<>();
            while (true) {
                out.add(comparison());
                skipWs();
                if (i >= s.length()) return out;
                if (!keyword("AND")) throw error("expected AND");
            }
        }

        Clause comparison() {
            Clause id = identifier();
            skipWs();
            String op = operator();
            if (op.equals("IS NULL") || op.equals("IS NOT NULL")) return new Clause(id.type(), id.key(), op, null);
            skipWs();
            Object value;
            if (op.equals("IN") || op.equals("NOT IN")) {
                value = list();
            } else {
                value = value();
                if (id.type() == Type.METRIC && !(value instanceof Double)) {
                    throw error("metric '" + id.key() + "' must be compared with a number");
                }
            }
            return new Clause(id.type(), id.key(), op, value);
        }

        Clause identifier() {
            skipWs();
            String first = word();
            Type type = null;
            String key;
            skipWs();
            if (i < s.length() && s.charAt(i) == '.' && typeOf(first) != null) {
                i++;
                type = typeOf(first);
                key = quotedOrWord();
            } else if (first.contains(".") && typeOf(first.substring(0, first.indexOf('.'))) != null) {
                type = typeOf(first.substring(0, first.indexOf('.')));
                key = first.substring(first.indexOf('.') + 1);
                if (key.isEmpty()) key = quotedOrWord();
            } else {
                type = Type.ATTRIBUTE;
                key = first;
            }
            return new Clause(type, key, null, null);
        }

        String quotedOrWord() {
            if (i < s.length() && (s.charAt(i) == '`' || s.charAt(i) == '"')) return quoted(s.charAt(i));
            return word();
        }

        String word() {
            skipWs();
            if (i < s.length() && (s.charAt(i) == '`' || s.charAt(i) == '"')) return quoted(s.charAt(i));
            int start = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/' || c == ':') i++;
                else if (c == '.') i++;
                else break;
            }
            if (start == i) throw error("expected an identifier");
            String w = s.substring(start, i);
            // "metrics.`x`": stop before a quote after the dot
            return w;
        }

        String quoted(char q) {
            int start = ++i;
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == q) {
                    if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                        b.append(q);
                        i += 2;
                        continue;
                    }
                    i++;
                    return b.toString();
                }
                if (c == '\\' && i + 1 < s.length()) {
                    b.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                b.append(c);
                i++;
            }
            throw error("unterminated quote starting at " + start);
        }

        String operator() {
            for (String op : new String[] {"!=", "<>", "<=", ">=", "=", "<", ">"}) {
                if (s.startsWith(op, i)) {
                    i += op.length();
                    return op.equals("<>") ? "!=" : op;
                }
            }
            if (keyword("LIKE")) return "LIKE";
            if (keyword("ILIKE")) return "ILIKE";
            if (keyword("IN")) return "IN";
            if (keyword("NOT")) {
                skipWs();
                if (keyword("IN")) return "NOT IN";
                if (keyword("LIKE")) throw error("NOT LIKE is not supported by MLflow");
                throw error("expected IN after NOT");
            }
            if (keyword("IS")) {
                skipWs();
                boolean not = keyword("NOT");
                skipWs();
                if (!keyword("NULL")) throw error("expected NULL");
                return not ? "IS NOT NULL" : "IS NULL";
            }
            throw error("expected a comparison operator");
        }

        Object value() {
            skipWs();
            if (i >= s.length()) throw error("expected a value");
            char c = s.charAt(i);
            if (c == '\'' || c == '"') return quoted(c);
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != ')') i++;
            String num = s.substring(start, i);
            try {
                return Double.parseDouble(num);
            } catch (NumberFormatException e) {
                throw error("expected a number or a quoted string, got '" + num + "'");
            }
        }

        List<String> list() {
            skipWs();
            if (i >= s.length() || s.charAt(i) != '(') throw error("expected '(' after IN");
            i++;
            List<String> out = new ArrayList<>();
            while (true) {
                skipWs();
                Object v = value();
                out.add(v instanceof Double ? formatNumber((Double) v) : v.toString());
                skipWs();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < s.length() && s.charAt(i) == ')') {
                    i++;
                    return out;
                }
                throw error("expected ',' or ')' in IN list");
            }
        }

        boolean keyword(String kw) {
            skipWs();
            if (s.regionMatches(true, i, kw, 0, kw.length())) {
                int end = i + kw.length();
                if (end == s.length() || !Character.isLetterOrDigit(s.charAt(end))) {
                    i = end;
                    return true;
                }
            }
            return false;
        }

        void skipWs() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        MlflowException error(String what) {
            return MlflowException.invalid("Invalid search filter '" + s + "': " + what + " at position " + i);
        }
    }
}
