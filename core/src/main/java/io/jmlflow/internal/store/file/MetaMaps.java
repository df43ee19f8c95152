package io.jmlflow.internal.store.file;

import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.jmlflow.internal.store.file.MetaYaml.longOr;
import static io.jmlflow.internal.store.file.MetaYaml.longOrNull;
import static io.jmlflow.internal.store.file.MetaYaml.string;

/**
 * The fields MLflow 3.17's file store puts in each {@code meta.yaml}, and the entities read back from them.
 * Field sets follow what the real store writes (including legacy run fields older readers expect).
 */
final class MetaMaps {
    /** {@code SourceType.LOCAL}, which MLflow writes into every run's legacy {@code source_type} field. */
    static final int SOURCE_TYPE_LOCAL = 4;

    private MetaMaps() {
    }

    // ---- experiments

    static Map<String, Object> experiment(String id, String name, String artifactLocation, long creationTime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment_id", id);
        m.put("name", name);
        m.put("artifact_location", artifactLocation);
        m.put("lifecycle_stage", LifecycleStage.ACTIVE.text());
        m.put("creation_time", creationTime);
        m.put("last_update_time", creationTime);
        m.put("effective_trace_archival_retention", null);
        m.put("trace_location", null);
        m.put("workspace", "default");
        return m;
    }

    static Experiment experiment(Map<String, Object> meta, Map<String, String> tags) {
        return new Experiment(string(meta, "experiment_id"), string(meta, "name"), string(meta, "artifact_location"),
                LifecycleStage.fromText(string(meta, "lifecycle_stage")), longOr(meta, "creation_time", 0L),
                longOr(meta, "last_update_time", longOr(meta, "creation_time", 0L)), tags);
    }

    // ---- runs

    static Map<String, Object> run(RunInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", info.runId());
        // run_uuid: not written by MLflow 3 (which ignores it), but MLflow 1.x readers need it.
        m.put("run_uuid", info.runId());
        m.put("run_name", info.runName());
        m.put("experiment_id", info.experimentId());
        m.put("user_id", info.userId());
        m.put("status", info.status().code());
        m.put("start_time", info.startTime());
        m.put("end_time", info.endTime());
        m.put("lifecycle_stage", info.lifecycleStage().text());
        m.put("artifact_uri", info.artifactUri());
        m.put("source_type", SOURCE_TYPE_LOCAL);
        m.put("source_name", "");
        m.put("entry_point_name", "");
        m.put("source_version", "");
        m.put("tags", List.of());
        return m;
    }

    static RunInfo runInfo(Map<String, Object> meta) {
        String runId = string(meta, "run_id");
        if (runId == null) runId = string(meta, "run_uuid");
        return new RunInfo(runId, string(meta, "experiment_id"), string(meta, "run_name"), string(meta, "user_id"),
                status(meta.get("status")), longOr(meta, "start_time", 0L), longOrNull(meta, "end_time"),
                string(meta, "artifact_uri"), LifecycleStage.fromText(string(meta, "lifecycle_stage")));
    }

    private static RunStatus status(Object v) {
        if (v == null) return RunStatus.RUNNING;
        if (v instanceof Number) return RunStatus.fromCode(((Number) v).intValue());
        String s = v.toString().trim();
        if (s.matches("\\d+")) return RunStatus.fromCode(Integer.parseInt(s));
        return RunStatus.valueOf(s.toUpperCase(Locale.ROOT));
    }

    // ---- logged models

    static Map<String, Object> loggedModel(LoggedModel m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model_id", m.modelId());
        d.put("experiment_id", m.experimentId());
        d.put("name", m.name());
        d.put("artifact_location", m.artifactLocation());
        d.put("creation_timestamp", m.creationTimestamp());
        d.put("last_updated_timestamp", m.lastUpdatedTimestamp());
        d.put("model_type", m.modelType());
        d.put("source_run_id", m.sourceRunId());
        d.put("status", m.status().code());
        d.put("status_message", m.statusMessage());
        d.put("lifecycle_stage", LifecycleStage.ACTIVE.text());
        return d;
    }

    static LoggedModel loggedModel(Map<String, Object> meta, Map<String, String> tags, Map<String, String> params,
                                   List<Metric> metrics) {
        Object st = meta.get("status");
        int code = st instanceof Number ? ((Number) st).intValue() : statusCode(st == null ? null : st.toString());
        // MLflow's UNSPECIFIED (0) has no counterpart in our enum; a model nobody finalized is still pending.
        LoggedModelStatus status = code == 0 ? LoggedModelStatus.PENDING : LoggedModelStatus.fromCode(code);
        long created = longOr(meta, "creation_timestamp", 0L);
        return new LoggedModel(string(meta, "model_id"), string(meta, "experiment_id"), string(meta, "name"),
                string(meta, "artifact_location"), created, longOr(meta, "last_updated_timestamp", created),
                string(meta, "model_type"), string(meta, "source_run_id"), status, string(meta, "status_message"),
                tags, params, metrics);
    }

    private static int statusCode(String s) {
        if (s == null) return 0;
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.matches("\\d+")) return Integer.parseInt(t);
        switch (t) {
            case "PENDING": case "LOGGED_MODEL_PENDING": return 1;
            case "READY": case "LOGGED_MODEL_READY": return 2;
            case "FAILED": case "LOGGED_MODEL_UPLOAD_FAILED": return 3;
            default: return 0;
        }
    }

    static boolean isDeleted(Map<String, Object> meta) {
        return LifecycleStage.fromText(string(meta, "lifecycle_stage")) == LifecycleStage.DELETED;
    }

    // ---- datasets, inputs and outputs

    static Map<String, Object> dataset(Dataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("digest", d.digest());
        m.put("source_type", d.sourceType());
        m.put("source", d.source());
        m.put("schema", d.schema());
        m.put("profile", d.profile());
        return m;
    }

    static Dataset dataset(Map<String, Object> meta) {
        return new Dataset(string(meta, "name"), string(meta, "digest"), string(meta, "source_type"),
                string(meta, "source"), string(meta, "schema"), string(meta, "profile"));
    }

    /**
     * A run input edge. MLflow writes the source id into {@code destination_id} too (its readers only use
     * {@code source_id} for inputs), and we write what it writes.
     */
    static Map<String, Object> datasetInput(String datasetId, Map<String, String> tags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_type", "DATASET");
        m.put("source_id", datasetId);
        m.put("destination_type", "RUN");
        m.put("destination_id", datasetId);
        m.put("tags", new LinkedHashMap<>(tags));
        return m;
    }

    /**
     * A run output edge. MLflow reads the model id from {@code destination_id}, which it fills with the model
     * id (the source id), so we do the same.
     */
    static Map<String, Object> modelOutput(String modelId, long step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_type", "RUN_OUTPUT");
        m.put("source_id", modelId);
        m.put("destination_type", "MODEL_OUTPUT");
        m.put("destination_id", modelId);
        m.put("tags", new LinkedHashMap<>());
        m.put("step", step);
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> stringMap(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?>) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
            }
        }
        return out;
    }
}
