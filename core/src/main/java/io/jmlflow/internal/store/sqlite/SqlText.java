package io.jmlflow.internal.store.sqlite;

import io.jmlflow.internal.artifacts.ArtifactPaths;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small helpers for SQL statements, artifact URIs and metric values as MLflow's SQL store writes them. */
final class SqlText {
    /** Bound parameters per IN list, well under SQLite's limit. */
    static final int CHUNK = 500;
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private SqlText() {
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** {@code ?, ?, ?} for {@code n} parameters. */
    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) ps.setString(i + 1, values.get(i));
    }

    /**
     * Reads {@code (owner, key, value)} rows of a query over {@code ids} into a map of maps (a null value
     * becomes "").
     */
    static void readPairs(Connection c, String sql, List<String> ids, Map<String, Map<String, String>> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inner(into, rs.getString(1)).put(rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3));
                }
            }
        }
    }

    // inner and listFor stand in for computeIfAbsent, whose lambdas each cost a link on a store's first reads.

    /** {@code outer}'s map for {@code key}, made if missing. */
    static Map<String, String> inner(Map<String, Map<String, String>> outer, String key) {
        Map<String, String> m = outer.get(key);
        if (m == null) outer.put(key, m = new HashMap<>());
        return m;
    }

    /** {@code lists}'s list for {@code key}, made if missing. */
    static <T> List<T> listFor(Map<String, List<T>> lists, String key) {
        List<T> l = lists.get(key);
        if (l == null) lists.put(key, l = new ArrayList<>());
        return l;
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        return out;
    }

    /**
     * Appends path segments to an artifact URI the way MLflow's {@code append_to_uri_path} does for the forms
     * a local store meets: plain paths and {@code scheme:} URIs (a query string stays at the end).
     */
    static String joinUri(String base, String... segments) {
        String query = "";
        String b = base;
        int q = b.indexOf('?');
        if (q >= 0 && io.jmlflow.internal.UriScheme.present(b)) {
            query = b.substring(q);
            b = b.substring(0, q);
        }
        StringBuilder out = new StringBuilder(b);
        for (String seg : segments) {
            int from = 0;
            while (from < seg.length() && seg.charAt(from) == '/') from++;
            String s = seg.substring(from);
            if (s.isEmpty()) continue;
            if (out.length() == 0 || out.charAt(out.length() - 1) != '/') out.append('/');
            out.append(s);
        }
        return out + query;
    }

    /**
     * MLflow's {@code resolve_uri_if_local}: a relative local path becomes absolute against the working directory
     * (a relative {@code file:} URI stays a {@code file:} URI); anything else is returned unchanged.
     */
    static String resolveLocal(String location) {
        if (location == null || location.isBlank()) return location;
        boolean hasScheme = io.jmlflow.internal.UriScheme.present(location);
        if (!hasScheme) {
            Path p = Paths.get(location);
            if (p.isAbsolute()) return location;
            Path abs = p.toAbsolutePath().normalize();
            // MLflow makes a relative path absolute, and on Windows a file: URI
            return WINDOWS ? ArtifactPaths.fileUri(abs) : abs.toString();
        }
        if (location.startsWith("file:")) {
            String rest = location.substring("file:".length());
            if (rest.startsWith("/")) return location;
            return "file://" + Paths.get(rest).toAbsolutePath().normalize().toString().replace('\\', '/');
        }
        return location;
    }

    // ---- metric values: SQL has no NaN or infinities

    static boolean isNan(double v) {
        return Double.isNaN(v);
    }

    /** The value stored for {@code v}: NaN as 0 (with is_nan = 1), infinities as the largest finite doubles. */
    static double storedValue(double v) {
        if (Double.isNaN(v)) return 0.0;
        if (v == Double.POSITIVE_INFINITY) return Double.MAX_VALUE;
        if (v == Double.NEGATIVE_INFINITY) return -Double.MAX_VALUE;
        return v;
    }

    /** The logged value back from the stored value and is_nan flag. */
    static double loggedValue(double stored, boolean isNan) {
        if (isNan) return Double.NaN;
        if (stored == Double.MAX_VALUE) return Double.POSITIVE_INFINITY;
        if (stored == -Double.MAX_VALUE) return Double.NEGATIVE_INFINITY;
        return stored;
    }
}
