package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.internal.Ids;

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

/**
 * The {@code inputs} edges of runs: datasets used by a run (with {@code datasets} and {@code input_tags}) and
 * logged models it produced (RUN_OUTPUT -> MODEL_OUTPUT), as MLflow's SQL store writes them.
 */
final class RunInputs {
    private RunInputs() {
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
        Runs.activeInfo(c, runId);
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
        return Ids.uuidHex();
    }

    /** The logged models each run produced, in the order they were recorded. */
    static Map<String, List<String>> modelOutputs(Connection c, List<String> runIds) throws SQLException {
        Map<String, List<String>> outputs = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(runIds)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT source_id, destination_id FROM inputs WHERE "
                    + "source_type = 'RUN_OUTPUT' AND destination_type = 'MODEL_OUTPUT' AND source_id IN ("
                    + SqlText.placeholders(chunk.size()) + ") ORDER BY rowid")) {
                SqlText.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) SqlText.listFor(outputs, rs.getString(1)).add(rs.getString(2));
                }
            }
        }
        return outputs;
    }

    /** The dataset inputs of each run, with their tags. */
    static Map<String, List<DatasetInput>> datasetInputs(Connection c, List<String> runIds) throws SQLException {
        Map<String, Dataset> datasetsByInput = new LinkedHashMap<>();
        Map<String, String> runByInput = new HashMap<>();
        for (List<String> chunk : SqlText.chunks(runIds)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT i.input_uuid, i.destination_id, d.name, d.digest, "
                    + "d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile FROM inputs i "
                    + "JOIN datasets d ON i.source_id = d.dataset_uuid WHERE i.source_type = 'DATASET' "
                    + "AND i.destination_type = 'RUN' AND i.destination_id IN (" + SqlText.placeholders(chunk.size())
                    + ") ORDER BY i.rowid")) {
                SqlText.bind(ps, chunk);
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
            SqlText.readPairs(c, "SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN ("
                    + SqlText.placeholders(chunk.size()) + ")", chunk, tagsByInput);
        }
        Map<String, List<DatasetInput>> out = new HashMap<>();
        for (Map.Entry<String, Dataset> e : datasetsByInput.entrySet()) {
            SqlText.listFor(out, runByInput.get(e.getKey()))
                    .add(new DatasetInput(e.getValue(), tagsByInput.get(e.getKey())));
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
