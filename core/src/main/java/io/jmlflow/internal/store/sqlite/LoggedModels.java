package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.RunNames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MLflow 3 logged models: {@code logged_models} with {@code logged_model_params}, {@code logged_model_tags} and
 * {@code logged_model_metrics}, written as MLflow's SQL store writes them. Files live under
 * {@code <experiment artifact location>/models/<model_id>/artifacts}.
 */
final class LoggedModels {
    private static final String COLUMNS = "model_id, experiment_id, name, artifact_location, creation_timestamp_ms, "
            + "last_updated_timestamp_ms, status, model_type, source_run_id, status_message";

    private LoggedModels() {
    }

    static LoggedModel create(Connection c, String experimentId, String name, String sourceRunId, List<Tag> tags,
                              List<Param> params, String modelType) throws SQLException {
        Experiment e = Experiments.get(c, experimentId);
        Experiments.checkActive(e);
        String modelId = Ids.modelId();
        long now = System.currentTimeMillis();
        long exp = Long.parseLong(e.experimentId());
        String modelName = name == null || name.isEmpty() ? RunNames.generate() : name;
        String location = SqlText.joinUri(e.artifactLocation(), "models", modelId, "artifacts");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO logged_models (model_id, experiment_id, name, "
                + "artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, model_type, "
                + "source_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)")) {
            ps.setString(1, modelId);
            ps.setLong(2, exp);
            ps.setString(3, modelName);
            ps.setString(4, location);
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.setInt(7, LoggedModelStatus.PENDING.code());
            ps.setString(8, modelType);
            ps.setString(9, sourceRunId);
            ps.executeUpdate();
        }
        Map<String, String> storedParams = insertParams(c, modelId, exp, params);
        Map<String, String> storedTags = upsertTags(c, modelId, exp, tags);
        // The model as just written, not read back.
        return new LoggedModel(modelId, e.experimentId(), modelName, location, now, now, modelType, sourceRunId,
                LoggedModelStatus.PENDING, null, storedTags, storedParams, List.of());
    }

    /** The model (deleted ones too when {@code allowDeleted}), or RESOURCE_DOES_NOT_EXIST. */
    static LoggedModel get(Connection c, String modelId, boolean allowDeleted) throws SQLException {
        List<LoggedModel> found = select(c, "WHERE model_id = ?" + (allowDeleted ? "" : " AND "
                + "(lifecycle_stage IS NULL OR lifecycle_stage != 'deleted')"), List.of(modelId));
        if (found.isEmpty()) throw notFound(modelId);
        return found.get(0);
    }

    /** The model's source run (null when it has none), or RESOURCE_DOES_NOT_EXIST; deleted models too. */
    private static String sourceRunId(Connection c, String modelId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT source_run_id FROM logged_models WHERE model_id = ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw notFound(modelId);
                return rs.getString(1);
            }
        }
    }

    private static MlflowException notFound(String modelId) {
        return new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST, "Logged model with ID '" + modelId + "' not found.");
    }

    static LoggedModel get(Connection c, String modelId) throws SQLException {
        return get(c, modelId, false);
    }

    static List<LoggedModel> inExperiments(Connection c, List<Long> experimentIds) throws SQLException {
        List<LoggedModel> out = new ArrayList<>();
        for (List<Long> chunk : SqlText.chunks(experimentIds)) {
            out.addAll(select(c, "WHERE experiment_id IN (" + SqlText.placeholders(chunk.size()) + ") AND "
                    + "(lifecycle_stage IS NULL OR lifecycle_stage != 'deleted')", chunk));
        }
        return out;
    }

    private static List<LoggedModel> select(Connection c, String where, List<?> args) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM logged_models " + where)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), Long.toString(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10)});
                }
            }
        }
        List<String> ids = new ArrayList<>(rows.size());
        for (Object[] r : rows) ids.add((String) r[0]);
        Map<String, Map<String, String>> params = pairs(c, "SELECT model_id, param_key, param_value FROM logged_model_params", ids);
        Map<String, Map<String, String>> tags = pairs(c, "SELECT model_id, tag_key, tag_value FROM logged_model_tags", ids);
        Map<String, List<Metric>> metrics = metrics(c, ids);
        List<LoggedModel> out = new ArrayList<>();
        for (Object[] r : rows) {
            String id = (String) r[0];
            LoggedModelStatus status;
            try {
                status = LoggedModelStatus.fromCode((Integer) r[6]);
            } catch (IllegalArgumentException e) {
                status = LoggedModelStatus.PENDING;
            }
            out.add(new LoggedModel(id, (String) r[1], (String) r[2], (String) r[3], (Long) r[4], (Long) r[5],
                    (String) r[7], (String) r[8], status, (String) r[9], tags.get(id), params.get(id), metrics.get(id)));
        }
        return out;
    }

    private static Map<String, Map<String, String>> pairs(Connection c, String select, List<String> ids) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(ids)) {
            SqlText.readPairs(c, select + " WHERE model_id IN (" + SqlText.placeholders(chunk.size()) + ")", chunk, out);
        }
        return out;
    }

    private static Map<String, List<Metric>> metrics(Connection c, List<String> ids) throws SQLException {
        Map<String, List<Metric>> out = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT model_id, metric_name, metric_value, metric_timestamp_ms, "
                    + "metric_step, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id IN ("
                    + SqlText.placeholders(chunk.size()) + ") ORDER BY metric_timestamp_ms, metric_step")) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double v = rs.getDouble(3);
                        if (rs.wasNull()) v = Double.NaN;
                        SqlText.listFor(out, rs.getString(1)).add(new Metric(rs.getString(2), SqlText.loggedValue(v, false), rs.getLong(4), rs.getLong(5),
                                        rs.getString(6), rs.getString(7)));
                    }
                }
            }
        }
        return out;
    }

    static LoggedModel finalizeStatus(Connection c, String modelId, LoggedModelStatus status) throws SQLException {
        LoggedModel m = get(c, modelId, true);
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? "
                + "WHERE model_id = ?")) {
            ps.setInt(1, status.code());
            ps.setLong(2, now);
            ps.setString(3, modelId);
            ps.executeUpdate();
        }
        return new LoggedModel(m.modelId(), m.experimentId(), m.name(), m.artifactLocation(), m.creationTimestamp(), now,
                m.modelType(), m.sourceRunId(), status, m.statusMessage(), m.tags(), m.params(), m.metrics());
    }

    static void setTags(Connection c, String modelId, List<Tag> tags) throws SQLException {
        LoggedModel m = get(c, modelId, true);
        upsertTags(c, modelId, Long.parseLong(m.experimentId()), tags);
    }

    /** Writes the tags (the last value of a key wins, null as ""); returns them as written. */
    private static Map<String, String> upsertTags(Connection c, String modelId, long experimentId, List<Tag> tags)
            throws SQLException {
        Map<String, String> byKey = new LinkedHashMap<>();
        if (tags == null || tags.isEmpty()) return byKey;
        for (Tag t : tags) byKey.put(t.key(), t.value() == null ? "" : t.value());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, "
                + "tag_value) VALUES (?, ?, ?, ?) ON CONFLICT (model_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
            for (Map.Entry<String, String> t : byKey.entrySet()) {
                ps.setString(1, modelId);
                ps.setLong(2, experimentId);
                ps.setString(3, t.getKey());
                ps.setString(4, t.getValue());
                ps.executeUpdate();
            }
        }
        return byKey;
    }

    static void logParams(Connection c, String modelId, List<Param> params) throws SQLException {
        LoggedModel m = get(c, modelId, true);
        for (Param p : params == null ? List.<Param>of() : params) {
            String old = m.params().get(p.key());
            if (old != null && !old.equals(p.value())) {
                throw MlflowException.invalid("Changing param values is not allowed. Param with key='" + p.key()
                        + "' was already logged with value='" + old + "' for logged model ID='" + modelId
                        + "'. Attempted logging new value '" + p.value() + "'.");
            }
        }
        insertParams(c, modelId, Long.parseLong(m.experimentId()), params);
    }

    /**
     * Adds the params a model does not have yet (the first value of a key wins, null as "None"); returns them as
     * offered, which is what a new model stores.
     */
    private static Map<String, String> insertParams(Connection c, String modelId, long experimentId, List<Param> params)
            throws SQLException {
        Map<String, String> byKey = new LinkedHashMap<>();
        if (params == null || params.isEmpty()) return byKey;
        for (Param p : params) byKey.putIfAbsent(p.key(), p.value() == null ? "None" : p.value());
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO logged_model_params (model_id, experiment_id, "
                + "param_key, param_value) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, String> p : byKey.entrySet()) {
                ps.setString(1, modelId);
                ps.setLong(2, experimentId);
                ps.setString(3, p.getKey());
                ps.setString(4, p.getValue());
                ps.executeUpdate();
            }
        }
        return byKey;
    }

    /**
     * Logs metrics of a model evaluated in a run, as MLflow's {@code log_batch} does for metrics carrying a
     * {@code model_id}: into the run's metrics and into {@code logged_model_metrics} (with the run's experiment).
     * Without a run, the model's source run is used.
     */
    static void logMetrics(Connection c, String modelId, String runId, List<Metric> metrics) throws SQLException {
        String source = sourceRunId(c, modelId);
        String run = runId != null ? runId : source;
        if (run == null) {
            throw MlflowException.invalid("cannot log metrics of logged model " + modelId + ": it has no source run "
                    + "and no run was given");
        }
        RunInfo info = Runs.activeInfo(c, run);
        RunMetrics.logMetrics(c, run, metrics);
        Set<List<Object>> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO logged_model_metrics (model_id, metric_name, "
                + "metric_timestamp_ms, metric_step, metric_value, experiment_id, run_id, dataset_name, dataset_digest) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Metric x : metrics) {
                RunMetrics.Point p = RunMetrics.Point.of(x);
                if (!seen.add(List.of(p, String.valueOf(x.datasetName()), String.valueOf(x.datasetDigest())))) continue;
                ps.setString(1, modelId);
                ps.setString(2, p.key());
                ps.setLong(3, p.timestamp());
                ps.setLong(4, p.step());
                ps.setDouble(5, p.value());
                ps.setLong(6, Long.parseLong(info.experimentId()));
                ps.setString(7, run);
                // as MLflow: the dataset's name and digest (both or neither), no dataset_uuid
                ps.setString(8, x.hasDataset() ? x.datasetName() : null);
                ps.setString(9, x.hasDataset() ? x.datasetDigest() : null);
                ps.executeUpdate();
            }
        }
    }
}
