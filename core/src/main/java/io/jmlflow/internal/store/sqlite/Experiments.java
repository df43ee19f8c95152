package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code experiments} and {@code experiment_tags} tables, written as MLflow's SQL store writes them. */
final class Experiments {
    private static final String COLUMNS =
            "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    private Experiments() {
    }

    static long parseId(String experimentId) {
        String id = experimentId == null || experimentId.isBlank() ? "0" : experimentId.trim();
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw notFound("No Experiment with id=" + experimentId + " exists");
        }
    }

    static String create(Connection c, String name, String artifactLocation, List<Tag> tags, String artifactRoot)
            throws SQLException {
        if (findId(c, name) != null) {
            throw new MlflowException(MlflowException.RESOURCE_ALREADY_EXISTS, "Experiment(name=" + name + ") already exists.");
        }
        long now = System.currentTimeMillis();
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiments (name, artifact_location, lifecycle_stage, "
                + "creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, SqlText.resolveLocal(artifactLocation));
            ps.setLong(3, now);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        if (artifactLocation == null || artifactLocation.isBlank()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?")) {
                ps.setString(1, SqlText.joinUri(artifactRoot, Long.toString(id)));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Tag t : tags == null ? List.<Tag>of() : tags) byKey.put(t.key(), t.value());
        for (Map.Entry<String, String> t : byKey.entrySet()) setTag(c, id, t.getKey(), t.getValue());
        return Long.toString(id);
    }

    static Long findId(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id FROM experiments WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The experiment, or a RESOURCE_DOES_NOT_EXIST error. */
    static Experiment get(Connection c, String experimentId) throws SQLException {
        Experiment e = find(c, parseId(experimentId));
        if (e == null) throw notFound("No Experiment with id=" + experimentId + " exists");
        return e;
    }

    static Experiment find(Connection c, long id) throws SQLException {
        List<Experiment> found = select(c, "WHERE experiment_id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    static Experiment findByName(Connection c, String name) throws SQLException {
        List<Experiment> found = select(c, "WHERE name = ?", name);
        return found.isEmpty() ? null : found.get(0);
    }

    static List<Experiment> list(Connection c, ViewType viewType) throws SQLException {
        switch (viewType == null ? ViewType.ACTIVE_ONLY : viewType) {
            case ACTIVE_ONLY: return select(c, "WHERE lifecycle_stage = 'active'");
            case DELETED_ONLY: return select(c, "WHERE lifecycle_stage = 'deleted'");
            default: return select(c, "");
        }
    }

    private static List<Experiment> select(Connection c, String where, Object... args) throws SQLException {
        List<long[]> times = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM experiments " + where
                + " ORDER BY experiment_id")) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4)});
                    times.add(new long[] {rs.getLong(5), rs.getLong(6)});
                }
            }
        }
        List<String> ids = new ArrayList<>(rows.size());
        for (String[] r : rows) ids.add(r[0]);
        Map<String, Map<String, String>> tags = tags(c, ids);
        List<Experiment> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            out.add(new Experiment(r[0], r[1], r[2], LifecycleStage.fromText(r[3]), times.get(i)[0], times.get(i)[1],
                    tags.getOrDefault(r[0], Map.of())));
        }
        return out;
    }

    private static Map<String, Map<String, String>> tags(Connection c, List<String> ids) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id, key, value FROM experiment_tags "
                    + "WHERE experiment_id IN (" + SqlText.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 1, Long.parseLong(chunk.get(i)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SqlText.inner(out, Long.toString(rs.getLong(1)))
                                .put(rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3));
                    }
                }
            }
        }
        return out;
    }

    static void setTag(Connection c, long id, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?) "
                + "ON CONFLICT (key, experiment_id) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Soft-deletes an active experiment and marks all its runs deleted, as MLflow does. */
    static void delete(Connection c, String experimentId) throws SQLException {
        Experiment e = get(c, experimentId);
        if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw notFound("No active Experiment with id=" + experimentId + " exists");
        }
        long now = System.currentTimeMillis();
        update(c, "UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = ? WHERE experiment_id = ?", now, e);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE experiment_id = ?")) {
            ps.setLong(1, now);
            ps.setLong(2, Long.parseLong(e.experimentId()));
            ps.executeUpdate();
        }
    }

    /** Restores a deleted experiment and all its runs, as MLflow does. */
    static void restore(Connection c, String experimentId) throws SQLException {
        Experiment e = get(c, experimentId);
        if (e.lifecycleStage() != LifecycleStage.DELETED) {
            throw notFound("No deleted Experiment with id=" + experimentId + " exists");
        }
        update(c, "UPDATE experiments SET lifecycle_stage = 'active', last_update_time = ? WHERE experiment_id = ?",
                System.currentTimeMillis(), e);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = ?")) {
            ps.setLong(1, Long.parseLong(e.experimentId()));
            ps.executeUpdate();
        }
    }

    static void rename(Connection c, String experimentId, String newName) throws SQLException {
        Experiment e = get(c, experimentId);
        if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new MlflowException(MlflowException.INVALID_STATE, "Cannot rename a non-active experiment.");
        }
        Long other = findId(c, newName);
        if (other != null && other != Long.parseLong(e.experimentId())) {
            throw new MlflowException(MlflowException.RESOURCE_ALREADY_EXISTS, "Experiment(name=" + newName + ") already exists.");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?")) {
            ps.setString(1, newName);
            ps.setLong(2, System.currentTimeMillis());
            ps.setLong(3, Long.parseLong(e.experimentId()));
            ps.executeUpdate();
        }
    }

    static void checkActive(Experiment e) {
        if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlflowException.invalid("The experiment " + e.experimentId() + " must be in the 'active' state. "
                    + "Current state is deleted.");
        }
    }

    private static void update(Connection c, String sql, long now, Experiment e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, Long.parseLong(e.experimentId()));
            ps.executeUpdate();
        }
    }

    static MlflowException notFound(String message) {
        return new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST, message);
    }
}
