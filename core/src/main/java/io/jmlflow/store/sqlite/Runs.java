package io.jmlflow.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Dataset;
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
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.RunNames;
import io.jmlflow.internal.SystemTags;

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
import java.util.UUID;

/**
 * The {@code runs} table and what hangs off it ({@code params}, {@code tags}, {@code metrics},
 * {@code latest_metrics}, dataset {@code inputs} and model outputs), written as MLflow's SQL store writes them.
 */
final class Runs {
    private static final String INFO_COLUMNS =
            "run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    private Runs() {
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
    }

    static Run create(Connection c, String experimentId, String userId, long startTime, List<Tag> tags, String runName)
            throws SQLException {
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
        String runId = Ids.runId();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_uuid, name, source_type, source_name, "
                + "entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, "
                + "experiment_id, deleted_time) VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, '', 'active', ?, ?, NULL)")) {
            ps.setString(1, runId);
            ps.setString(2, name);
            ps.setString(3, userId);
            ps.setLong(4, startTime);
            ps.setString(5, SqlText.joinUri(e.artifactLocation(), runId, "artifacts"));
            ps.setLong(6, Long.parseLong(e.experimentId()));
            ps.executeUpdate();
        }
        upsertTags(c, runId, tagMap);
        return get(c, runId);
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
        List<String> ids = infos.stream().map(RunInfo::runId).toList();
        Map<String, List<Metric>> metrics = new HashMap<>();
        Map<String, Map<String, String>> params = new HashMap<>();
        Map<String, Map<String, String>> tags = new HashMap<>();
        Map<String, List<String>> outputs = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(ids)) {
            String in = "(" + SqlText.placeholders(chunk.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement("SELECT run_uuid, key, value, timestamp, step, is_nan "
                    + "FROM latest_metrics WHERE run_uuid IN " + in + " ORDER BY key")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        metrics.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Point(rs.getString(2),
                                rs.getDouble(3), rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0).toMetric());
                    }
                }
            }
            readPairs(c, "SELECT run_uuid, key, value FROM params WHERE run_uuid IN " + in, chunk, params);
            readPairs(c, "SELECT run_uuid, key, value FROM tags WHERE run_uuid IN " + in, chunk, tags);
            try (PreparedStatement ps = c.prepareStatement("SELECT source_id, destination_id FROM inputs WHERE "
                    + "source_type = 'RUN_OUTPUT' AND destination_type = 'MODEL_OUTPUT' AND source_id IN " + in
                    + " ORDER BY rowid")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) outputs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Map<String, List<DatasetInput>> inputs = datasetInputs(c, ids);
        List<Run> out = new ArrayList<>(infos.size());
        for (RunInfo info : infos) {
            String id = info.runId();
            out.add(new Run(info, new RunData(metrics.get(id), params.get(id), tags.get(id)), inputs.get(id), outputs.get(id)));
        }
        return out;
    }

    private static void readPairs(Connection c, String sql, List<String> ids, Map<String, Map<String, String>> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3));
                }
            }
        }
    }

    private static Map<String, List<DatasetInput>> datasetInputs(Connection c, List<String> runIds) throws SQLException {
        Map<String, Dataset> datasetsByInput = new LinkedHashMap<>();
        Map<String, String> runByInput = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(runIds)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT i.input_uuid, i.destination_id, d.name, d.digest, "
                    + "d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile FROM inputs i "
                    + "JOIN datasets d ON i.source_id = d.dataset_uuid WHERE i.source_type = 'DATASET' "
                    + "AND i.destination_type = 'RUN' AND i.destination_id IN (" + SqlText.placeholders(chunk.size())
                    + ") ORDER BY i.rowid")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runByInput.put(rs.getString(1), rs.getString(2));
                        datasetsByInput.put(rs.getString(1), new Dataset(rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
        }
        Map<String, Map<String, String>> tagsByInput = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(new ArrayList<>(datasetsByInput.keySet()))) {
            readPairs(c, "SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN ("
                    + SqlText.placeholders(chunk.size()) + ")", chunk, tagsByInput);
        }
        Map<String, List<DatasetInput>> out = new HashMap<>();
        for (Map.Entry<String, Dataset> e : datasetsByInput.entrySet()) {
            out.computeIfAbsent(runByInput.get(e.getKey()), k -> new ArrayList<>())
                    .add(new DatasetInput(e.getValue(), tagsByInput.get(e.getKey())));
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

    /**
     * Records dataset inputs as MLflow does: one {@code datasets} row per (experiment, name, digest), one
     * {@code inputs} edge DATASET -> RUN per dataset and run (an existing edge is kept with its tags), and the
     * input's tags in {@code input_tags}.
     */
    static void logInputs(Connection c, RunInfo run, List<DatasetInput> inputs) throws SQLException {
        if (inputs == null || inputs.isEmpty()) return;
        Map<List<String>, DatasetInput> unique = new LinkedHashMap<>();
        for (DatasetInput in : inputs) {
            if (in == null || in.dataset() == null) throw MlflowException.invalid("Dataset input must have a dataset associated with it.");
            unique.putIfAbsent(List.of(nz(in.dataset().name()), nz(in.dataset().digest())), in);
        }
        long experimentId = Long.parseLong(run.experimentId());
        for (DatasetInput in : unique.values()) {
            Dataset d = in.dataset();
            String datasetUuid = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT dataset_uuid FROM datasets WHERE experiment_id = ? "
                    + "AND name = ? AND digest = ?")) {
                ps.setLong(1, experimentId);
                ps.setString(2, nz(d.name()));
                ps.setString(3, nz(d.digest()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) datasetUuid = rs.getString(1);
                }
            }
            if (datasetUuid == null) {
                datasetUuid = newUuid();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (dataset_uuid, experiment_id, name, "
                        + "digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, datasetUuid);
                    ps.setLong(2, experimentId);
                    ps.setString(3, nz(d.name()));
                    ps.setString(4, nz(d.digest()));
                    ps.setString(5, nz(d.sourceType()));
                    ps.setString(6, nz(d.source()));
                    ps.setString(7, d.schema());
                    ps.setString(8, d.profile());
                    ps.executeUpdate();
                }
            }
            boolean linked;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inputs WHERE source_type = 'DATASET' AND "
                    + "source_id = ? AND destination_type = 'RUN' AND destination_id = ?")) {
                ps.setString(1, datasetUuid);
                ps.setString(2, run.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    linked = rs.next();
                }
            }
            if (linked) continue;
            String inputUuid = newUuid();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO inputs (input_uuid, source_type, source_id, "
                    + "destination_type, destination_id) VALUES (?, 'DATASET', ?, 'RUN', ?)")) {
                ps.setString(1, inputUuid);
                ps.setString(2, datasetUuid);
                ps.setString(3, run.runId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO input_tags (input_uuid, name, value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> t : in.tags().entrySet()) {
                    ps.setString(1, inputUuid);
                    ps.setString(2, t.getKey());
                    ps.setString(3, nz(t.getValue()));
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Links logged models as outputs of a run: an {@code inputs} row RUN_OUTPUT -> MODEL_OUTPUT (step 0). */
    static void logOutputs(Connection c, String runId, List<String> modelIds) throws SQLException {
        activeInfo(c, runId);
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO inputs (input_uuid, source_type, source_id, "
                + "destination_type, destination_id) VALUES (?, 'RUN_OUTPUT', ?, 'MODEL_OUTPUT', ?)")) {
            for (String modelId : new LinkedHashSet<>(modelIds)) {
                ps.setString(1, newUuid());
                ps.setString(2, runId);
                ps.setString(3, modelId);
                ps.executeUpdate();
            }
        }
    }

    /** A uuid4 in hex, as MLflow makes dataset and input ids. */
    static String newUuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) ps.setString(i + 1, values.get(i));
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        }
    }
}
