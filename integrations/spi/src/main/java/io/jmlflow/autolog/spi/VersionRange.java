package io.jmlflow.autolog.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Maven version range ({@code [3.0,4.0)}, {@code [1.0.0-M1,)}, {@code [4.3.2]}) and the order of versions in it,
 * as Maven orders them for the forms libraries use: numbers compare as numbers ({@code 3.10 > 3.9}), missing parts
 * are zero ({@code 3.1 = 3.1.0}), and qualifiers come before the release in Maven's order
 * {@code alpha < beta < milestone (M) < rc (cr) < snapshot < release < sp}
 * ({@code 1.0.0-beta7 < 1.0.0-M2.1 < 1.0.0}); unknown qualifiers sort after {@code sp}, alphabetically.
 */
public final class VersionRange {
    private final String lower;
    private final boolean lowerInclusive;
    private final String upper;
    private final boolean upperInclusive;
    private final String text;

    private VersionRange(String lower, boolean lowerInclusive, String upper, boolean upperInclusive, String text) {
        this.lower = lower;
        this.lowerInclusive = lowerInclusive;
        this.upper = upper;
        this.upperInclusive = upperInclusive;
        this.text = text;
    }

    /** Parses {@code [a,b)}, {@code (a,b]}, {@code [a,)}, {@code (,b)} or {@code [a]}. */
    public static VersionRange parse(String range) {
        String r = range.trim();
        if (r.length() < 3 || "[(".indexOf(r.charAt(0)) < 0 || "])".indexOf(r.charAt(r.length() - 1)) < 0) {
            throw new IllegalArgumentException("not a version range: " + range);
        }
        boolean lowerInclusive = r.charAt(0) == '[';
        boolean upperInclusive = r.charAt(r.length() - 1) == ']';
        String inner = r.substring(1, r.length() - 1);
        int comma = inner.indexOf(',');
        if (comma < 0) {
            if (!lowerInclusive || !upperInclusive || inner.isBlank()) throw new IllegalArgumentException(range);
            return new VersionRange(inner.trim(), true, inner.trim(), true, r);
        }
        String lo = inner.substring(0, comma).trim();
        String hi = inner.substring(comma + 1).trim();
        if (inner.indexOf(',', comma + 1) >= 0) throw new IllegalArgumentException("not a version range: " + range);
        return new VersionRange(lo.isEmpty() ? null : lo, lowerInclusive, hi.isEmpty() ? null : hi, upperInclusive, r);
    }

    public boolean contains(String version) {
        if (lower != null) {
            int c = compare(version, lower);
            if (c < 0 || c == 0 && !lowerInclusive) return false;
        }
        if (upper != null) {
            int c = compare(version, upper);
            return c < 0 || c == 0 && upperInclusive;
        }
        return true;
    }

    /** Negative, zero or positive as version {@code a} is before, equal to or after {@code b}. */
    public static int compare(String a, String b) {
        List<Object> x = items(a);
        List<Object> y = items(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = compareItems(i < x.size() ? x.get(i) : null, i < y.size() ? y.get(i) : null);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Numbers as {@code Long}, qualifiers as lower-case strings; separators ('.', '-', '_', digit/letter). */
    private static List<Object> items(String version) {
        List<Object> out = new ArrayList<>();
        String v = version.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == '.' || c == '-' || c == '_' || c == '+') {
                i++;
                continue;
            }
            int start = i;
            boolean digits = Character.isDigit(c);
            while (i < v.length() && Character.isDigit(v.charAt(i)) == digits && ".-_+".indexOf(v.charAt(i)) < 0) i++;
            String part = v.substring(start, i);
            if (digits) {
                try {
                    out.add(Long.parseLong(part));
                } catch (NumberFormatException e) {
                    out.add(Long.MAX_VALUE);
                }
            } else {
                out.add(part);
            }
        }
        // trailing zeros do not count: 3.1 = 3.1.0
        while (!out.isEmpty() && Long.valueOf(0).equals(out.get(out.size() - 1))) out.remove(out.size() - 1);
        return out;
    }

    /** A missing item is a zero, or the release when compared with a qualifier. */
    private static int compareItems(Object a, Object b) {
        if (a instanceof Long && b instanceof Long) return Long.compare((Long) a, (Long) b);
        if (a instanceof Long) return b == null ? Long.compare((Long) a, 0) : 1; // 1.0.1 > 1.0-rc, 1.1 > 1
        if (b instanceof Long) return a == null ? Long.compare(0, (Long) b) : -1;
        int ra = rank((String) a);
        int rb = rank((String) b);
        if (ra != rb) return Integer.compare(ra, rb);
        return ra == UNKNOWN ? ((String) a).compareTo((String) b) : 0;
    }

    private static final int RELEASE = 5;
    private static final int UNKNOWN = 7;

    private static int rank(String qualifier) {
        if (qualifier == null) return RELEASE;
        switch (qualifier) {
            case "alpha": case "a": return 0;
            case "beta": case "b": return 1;
            case "milestone": case "m": return 2;
            case "rc": case "cr": return 3;
            case "snapshot": return 4;
            case "": case "ga": case "final": case "release": return RELEASE;
            case "sp": return 6;
            default: return UNKNOWN;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
