package io.jmlflow.internal.store.sqlite;

import io.jmlflow.entities.Metric;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Run metrics: every point in {@code metrics}, and in {@code latest_metrics} the point MLflow shows as the
 * run's value, kept as MLflow's SQL store keeps it. SQL has no NaN or infinities: NaN is stored as 0 with
 * {@code is_nan = 1}, infinities as the largest finite doubles.
 */
final class RunMetrics {
    private RunMetrics() {
    }

    /** One metric point as stored: NaN as 0 with is_nan, infinities as the largest finite doubles. */
    record Point(String key, double value, long timestamp, long step, boolean isNan) {
        static Point of(Metric m) {
            return new Point(m.key(), SqlText.storedValue(m.value()), m.timestamp(), m.step(), SqlText.isNan(m.value()));
        }

        /** MLflow's order for the latest value of a metric: step, then timestamp, then value. */
        boolean isNewerThan(Point o) {
            if (step != o.step) return step > o.step;
            if (timestamp != o.timestamp) return timestamp > o.timestamp;
            return value > o.value;
        }

        Metric toMetric() {
            return new Metric(key, SqlText.loggedValue(value, isNan), timestamp, step);
        }

        // Written out: a record's generated equals/hashCode link through method handles the first time (about 50
        // classes; ~45 ms of the writer thread inside the first run's end, in a fresh JVM's class-load timeline).
        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && java.util.Objects.equals(p.key, key) && Double.compare(p.value, value) == 0
                    && p.timestamp == timestamp && p.step == step && p.isNan == isNan;
        }

        @Override
        public int hashCode() {
            int h = java.util.Objects.hashCode(key);
            h = 31 * h + Double.hashCode(value);
            h = 31 * h + Long.hashCode(timestamp);
            h = 31 * h + Long.hashCode(step);
            return 31 * h + Boolean.hashCode(isNan);
        }
    }

    /**
     * Appends metric points (an identical point again is skipped, as in MLflow) and keeps {@code latest_metrics}
     * as MLflow does: one row per key holding the point with the highest (step, timestamp, value).
     */
    static void logMetrics(Connection c, String runId, List<Metric> metrics) throws SQLException {
        if (metrics == null || metrics.isEmpty()) return;
        Set<Point> points = new LinkedHashSet<>();
        for (Metric m : metrics) points.add(Point.of(m));
        List<Point> inserted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO metrics (key, value, timestamp, run_uuid, "
                + "step, is_nan) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Point p : points) {
                ps.setString(1, p.key());
                ps.setDouble(2, p.value());
                ps.setLong(3, p.timestamp());
                ps.setString(4, runId);
                ps.setLong(5, p.step());
                ps.setInt(6, p.isNan() ? 1 : 0);
                if (ps.executeUpdate() == 1) inserted.add(p);
            }
        }
        updateLatest(c, runId, inserted);
    }

    private static void updateLatest(Connection c, String runId, List<Point> inserted) throws SQLException {
        Map<String, Point> newest = new LinkedHashMap<>();
        for (Point p : inserted) {
            Point cur = newest.get(p.key());
            if (cur == null || p.isNewerThan(cur)) newest.put(p.key(), p);
        }
        if (newest.isEmpty()) return;
        Map<String, Point> stored = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(new ArrayList<>(newest.keySet()))) {
            try (PreparedStatement ps = c.prepareStatement("SELECT key, value, timestamp, step, is_nan FROM latest_metrics "
                    + "WHERE run_uuid = ? AND key IN (" + SqlText.placeholders(chunk.size()) + ")")) {
                ps.setString(1, runId);
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), new Point(rs.getString(1), rs.getDouble(2), rs.getLong(3),
                                rs.getLong(4), rs.getInt(5) != 0));
                    }
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO latest_metrics (key, value, timestamp, step, "
                + "is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE latest_metrics SET value = ?, timestamp = ?, step = ?, "
                     + "is_nan = ? WHERE key = ? AND run_uuid = ?")) {
            for (Point p : newest.values()) {
                Point old = stored.get(p.key());
                if (old == null) {
                    insert.setString(1, p.key());
                    insert.setDouble(2, p.value());
                    insert.setLong(3, p.timestamp());
                    insert.setLong(4, p.step());
                    insert.setInt(5, p.isNan() ? 1 : 0);
                    insert.setString(6, runId);
                    insert.executeUpdate();
                } else if (p.isNewerThan(old)) {
                    update.setDouble(1, p.value());
                    update.setLong(2, p.timestamp());
                    update.setLong(3, p.step());
                    update.setInt(4, p.isNan() ? 1 : 0);
                    update.setString(5, p.key());
                    update.setString(6, runId);
                    update.executeUpdate();
                }
            }
        }
    }

    /** The latest value of each metric of each run, from {@code latest_metrics}. */
    static Map<String, List<Metric>> latest(Connection c, List<String> runIds) throws SQLException {
        Map<String, List<Metric>> out = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(runIds)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT run_uuid, key, value, timestamp, step, is_nan "
                    + "FROM latest_metrics WHERE run_uuid IN (" + SqlText.placeholders(chunk.size()) + ") ORDER BY key")) {
                SqlText.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SqlText.listFor(out, rs.getString(1)).add(new Point(rs.getString(2),
                                rs.getDouble(3), rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0).toMetric());
                    }
                }
            }
        }
        return out;
    }

    static List<Metric> metricHistory(Connection c, String runId, String key) throws SQLException {
        List<Metric> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value, timestamp, step, is_nan FROM metrics "
                + "WHERE run_uuid = ? AND key = ? ORDER BY timestamp, step, value")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4), rs.getInt(5) != 0)
                            .toMetric());
                }
            }
        }
        return out;
    }
}
