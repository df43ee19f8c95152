package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunData;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.RunNames;
import io.jmlflow.internal.SystemTags;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code runs} table with its {@code params} and {@code tags}, written as MLflow's SQL store writes them;
 * a run is read together with its metrics ({@link RunMetrics}) and inputs and outputs ({@link RunInputs}).
 */
final class Runs {
    private static final String INFO_COLUMNS =
            "run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    private Runs() {
    }

    static Run create(Connection c, String runId, String experimentId, String userId, long startTime, List<Tag> tags,
                      String runName) throws SQLException {
        Experiment e = Experiments.get(c, experimentId);
        Experiments.checkActive(e);
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (Tag t : tags == null ? List.<Tag>of() : tags) tagMap.put(t.key(), t.value());
        String nameTag = tagMap.get(SystemTags.RUN_NAME);
        boolean hasName = runName != null && !runName.isEmpty();
        if (hasName && nameTag != null && !nameTag.isEmpty() && !runName.equals(nameTag)) {
            throw MlflowException.invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with "
                    + "different values (run_name='" + runName + "', mlflow.runName='" + nameTag + "').");
        }
        String name = hasName ? runName : nameTag != null && !nameTag.isEmpty() ? nameTag : RunNames.generate();
        if (nameTag == null || nameTag.isEmpty()) tagMap.put(SystemTags.RUN_NAME, name);
        String artifactUri = SqlText.joinUri(e.artifactLocation(), runId, "artifacts");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_uuid, name, source_type, source_name, "
                + "entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, "
                + "experiment_id, deleted_time) VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, '', 'active', ?, ?, NULL)")) {
            ps.setString(1, runId);
            ps.setString(2, name);
            ps.setString(3, userId);
            ps.setLong(4, startTime);
            ps.setString(5, artifactUri);
            ps.setLong(6, Long.parseLong(e.experimentId()));
            ps.executeUpdate();
        }
        upsertTags(c, runId, tagMap);
        // The run as just written, not read back: a new run has no metrics, params, inputs or outputs yet.
        Map<String, String> stored = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : tagMap.entrySet()) stored.put(t.getKey(), t.getValue() == null ? "" : t.getValue());
        RunInfo info = new RunInfo(runId, e.experimentId(), name, userId, RunStatus.RUNNING, startTime, null, artifactUri,
                LifecycleStage.ACTIVE);
        return new Run(info, new RunData(List.of(), Map.of(), stored));
    }

    // ---- reading

    static RunInfo info(Connection c, String runId) throws SQLException {
        List<RunInfo> found = infos(c, "WHERE run_uuid = ?", runId);
        if (found.isEmpty()) {
            throw new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST, "Run with id=" + runId + " not found");
        }
        return found.get(0);
    }

    static RunInfo activeInfo(Connection c, String runId) throws SQLException {
        RunInfo info = info(c, runId);
        if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlflowException.invalid("The run " + runId + " must be in the 'active' state. Current state is deleted.");
        }
        return info;
    }

    static Run get(Connection c, String runId) throws SQLException {
        return load(c, List.of(info(c, runId))).get(0);
    }

    /** Runs of the experiments in the given stages; {@code tail} adds ORDER BY / LIMIT with {@code args}. */
    static List<RunInfo> infos(Connection c, List<Long> experimentIds, ViewType viewType, String tail, Object... args)
            throws SQLException {
        if (experimentIds.isEmpty()) return List.of();
        String stages;
        switch (viewType == null ? ViewType.ACTIVE_ONLY : viewType) {
            case ACTIVE_ONLY: stages = " AND lifecycle_stage = 'active'"; break;
            case DELETED_ONLY: stages = " AND lifecycle_stage = 'deleted'"; break;
            default: stages = "";
        }
        Object[] all = new Object[experimentIds.size() + args.length];
        for (int i = 0; i < experimentIds.size(); i++) all[i] = experimentIds.get(i);
        System.arraycopy(args, 0, all, experimentIds.size(), args.length);
        return infos(c, "WHERE experiment_id IN (" + SqlText.placeholders(experimentIds.size()) + ")" + stages + " " + tail, all);
    }

    private static List<RunInfo> infos(Connection c, String where, Object... args) throws SQLException {
        List<RunInfo> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + INFO_COLUMNS + " FROM runs " + where)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long end = rs.getLong(7);
                    Long endTime = rs.wasNull() ? null : end;
                    out.add(new RunInfo(rs.getString(1), Long.toString(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            status(rs.getString(5)), rs.getLong(6), endTime, rs.getString(8),
                            LifecycleStage.fromText(rs.getString(9))));
                }
            }
        }
        return out;
    }

    private static RunStatus status(String text) {
        try {
            return text == null ? RunStatus.RUNNING : RunStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            return RunStatus.RUNNING;
        }
    }

    /** The runs with their latest metrics, params, tags, dataset inputs and model outputs, read in bulk. */
    static List<Run> load(Connection c, List<RunInfo> infos) throws SQLException {
        List<String> ids = new ArrayList<>(infos.size());
        for (RunInfo info : infos) ids.add(info.runId());
        Map<String, List<Metric>> metrics = RunMetrics.latest(c, ids);
        Map<String, Map<String, String>> params = new HashMap<>();
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(ids)) {
            String in = "(" + SqlText.placeholders(chunk.size()) + ")";
            SqlText.readPairs(c, "SELECT run_uuid, key, value FROM params WHERE run_uuid IN " + in, chunk, params);
            SqlText.readPairs(c, "SELECT run_uuid, key, value FROM tags WHERE run_uuid IN " + in, chunk, tags);
        }
        Map<String, List<DatasetInput>> inputs = RunInputs.datasetInputs(c, ids);
        Map<String, List<String>> outputs = RunInputs.modelOutputs(c, ids);
        List<Run> out = new ArrayList<>(infos.size());
        for (RunInfo info : infos) {
            String id = info.runId();
            out.add(new Run(info, new RunData(metrics.get(id), params.get(id), tags.get(id)), inputs.get(id), outputs.get(id)));
        }
        return out;
    }

    // ---- writing

    static RunInfo updateInfo(Connection c, String runId, RunStatus status, Long endTime, String runName)
            throws SQLException {
        activeInfo(c, runId);
        if (status != null) update(c, "UPDATE runs SET status = ? WHERE run_uuid = ?", status.name(), runId);
        if (endTime != null) update(c, "UPDATE runs SET end_time = ? WHERE run_uuid = ?", endTime, runId);
        if (runName != null && !runName.isEmpty()) {
            upsertTags(c, runId, Map.of(SystemTags.RUN_NAME, runName));
        }
        return info(c, runId);
    }

    static void setLifecycle(Connection c, String runId, boolean deleted) throws SQLException {
        info(c, runId);
        if (deleted) {
            update(c, "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE run_uuid = ?",
                    System.currentTimeMillis(), runId);
        } else {
            update(c, "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE run_uuid = ?", runId);
        }
    }

    /** Params are immutable: the same value again is fine, a different one is INVALID_PARAMETER_VALUE. */
    static void logParams(Connection c, String runId, List<Param> params) throws SQLException {
        if (params == null || params.isEmpty()) return;
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Param p : params) {
            String value = p.value() == null ? "None" : p.value();
            String before = wanted.putIfAbsent(p.key(), value);
            if (before != null && !before.equals(value)) {
                throw MlflowException.invalid("Duplicate parameter keys have been submitted: ['" + p.key() + "']. "
                        + "Please ensure the request contains only one param value per param key.");
            }
        }
        Map<String, String> existing = new HashMap<>();
        List<String> keys = new ArrayList<>(wanted.keySet());
        for (List<String> chunk : SqlText.chunks(keys)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM params WHERE run_uuid = ? AND key IN ("
                    + SqlText.placeholders(chunk.size()) + ")")) {
                ps.setString(1, runId);
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) existing.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<String, String> p : wanted.entrySet()) {
            String old = existing.get(p.getKey());
            if (old != null && !old.equals(p.getValue())) {
                conflicts.add("{'key': '" + p.getKey() + "', 'old_value': '" + old + "', 'new_value': '" + p.getValue() + "'}");
            }
        }
        if (!conflicts.isEmpty()) {
            throw MlflowException.invalid("Changing param values is not allowed. Params were already logged='"
                    + conflicts + "' for run ID='" + runId + "'.");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> p : wanted.entrySet()) {
                if (existing.containsKey(p.getKey())) continue;
                ps.setString(1, p.getKey());
                ps.setString(2, p.getValue());
                ps.setString(3, runId);
                ps.executeUpdate();
            }
        }
    }

    static void setTags(Connection c, String runId, List<Tag> tags) throws SQLException {
        if (tags == null || tags.isEmpty()) return;
        Map<String, String> byKey = new LinkedHashMap<>();
        for (Tag t : tags) byKey.put(t.key(), t.value());
        upsertTags(c, runId, byKey);
    }

    /** Sets tags; {@code mlflow.runName} also renames the run, as MLflow's store does. */
    private static void upsertTags(Connection c, String runId, Map<String, String> tags) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?) "
                + "ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value")) {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                ps.setString(1, t.getKey());
                ps.setString(2, t.getValue());
                ps.setString(3, runId);
                ps.executeUpdate();
                if (t.getKey().equals(SystemTags.RUN_NAME) && t.getValue() != null && !t.getValue().isEmpty()) {
                    update(c, "UPDATE runs SET name = ? WHERE run_uuid = ?", t.getValue(), runId);
                }
            }
        }
    }

    static void deleteTag(Connection c, String runId, String key) throws SQLException {
        activeInfo(c, runId);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tags WHERE run_uuid = ? AND key = ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            if (ps.executeUpdate() == 0) {
                throw new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST,
                        "No tag with name: " + key + " in run with id " + runId);
            }
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        }
    }
}
