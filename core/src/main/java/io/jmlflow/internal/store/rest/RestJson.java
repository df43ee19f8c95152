package io.jmlflow.internal.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunData;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's REST JSON (protobuf JSON with snake_case names, int64 as numbers, enums by name) to and from our
 * entities. Doubles follow protobuf JSON: NaN and infinities travel as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}. A SQL-backed server stores an infinity as ±{@code Double.MAX_VALUE}
 * and answers with that number; we read it back as the infinity it stands for.
 */
final class RestJson {
    private RestJson() {
    }

    static ObjectNode object() {
        return RestClient.JSON.createObjectNode();
    }

    // ---- writing

    static void putDouble(ObjectNode node, String field, double v) {
        if (Double.isNaN(v)) node.put(field, "NaN");
        else if (v == Double.POSITIVE_INFINITY) node.put(field, "Infinity");
        else if (v == Double.NEGATIVE_INFINITY) node.put(field, "-Infinity");
        else node.put(field, v);
    }

    static ObjectNode metric(Metric m, String modelId, String runId) {
        ObjectNode n = object();
        n.put("key", m.key());
        putDouble(n, "value", m.value());
        n.put("timestamp", m.timestamp());
        n.put("step", m.step());
        if (modelId != null) n.put("model_id", modelId);
        if (runId != null) n.put("run_id", runId);
        if (m.hasDataset()) {
            n.put("dataset_name", m.datasetName());
            n.put("dataset_digest", m.datasetDigest());
        }
        return n;
    }

    static ArrayNode keyValues(List<? extends Object> entries) {
        ArrayNode a = RestClient.JSON.createArrayNode();
        for (Object e : entries) {
            ObjectNode n = a.addObject();
            if (e instanceof Tag t) {
                n.put("key", t.key());
                n.put("value", t.value());
            } else if (e instanceof Param p) {
                n.put("key", p.key());
                n.put("value", p.value());
            } else {
                throw new IllegalArgumentException("not a tag or param: " + e);
            }
        }
        return a;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = RestClient.JSON.createArrayNode();
        if (values != null) values.forEach(a::add);
        return a;
    }

    static ObjectNode datasetInput(DatasetInput in) {
        ObjectNode n = object();
        ArrayNode tags = n.putArray("tags");
        in.tags().forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        Dataset d = in.dataset();
        ObjectNode ds = n.putObject("dataset");
        ds.put("name", d.name());
        ds.put("digest", d.digest());
        ds.put("source_type", d.sourceType());
        ds.put("source", d.source());
        if (d.schema() != null) ds.put("schema", d.schema());
        if (d.profile() != null) ds.put("profile", d.profile());
        return n;
    }

    // ---- reading

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String textOr(JsonNode n, String field, String fallback) {
        String v = text(n, field);
        return v == null ? fallback : v;
    }

    static long longValue(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? 0L : v.asLong();
    }

    static Long longOrNull(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    static double doubleValue(JsonNode v) {
        if (v == null || v.isNull()) return 0.0;
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else {
            String s = v.asText().trim();
            d = switch (s) {
                case "NaN", "nan" -> Double.NaN;
                case "Infinity", "inf", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(s);
            };
        }
        if (d == Double.MAX_VALUE) return Double.POSITIVE_INFINITY;
        if (d == -Double.MAX_VALUE) return Double.NEGATIVE_INFINITY;
        return d;
    }

    static Map<String, String> keyValueMap(JsonNode array) {
        Map<String, String> out = new LinkedHashMap<>();
        if (array != null) {
            for (JsonNode e : array) out.put(e.path("key").asText(), textOr(e, "value", ""));
        }
        return out;
    }

    static Metric metric(JsonNode n) {
        return new Metric(n.path("key").asText(), doubleValue(n.get("value")), longValue(n, "timestamp"),
                longValue(n, "step"), textOr(n, "dataset_name", null), textOr(n, "dataset_digest", null));
    }

    static List<Metric> metrics(JsonNode array) {
        List<Metric> out = new ArrayList<>();
        if (array != null) for (JsonNode m : array) out.add(metric(m));
        return out;
    }

    static Experiment experiment(JsonNode n) {
        return new Experiment(text(n, "experiment_id"), text(n, "name"), text(n, "artifact_location"),
                LifecycleStage.fromText(text(n, "lifecycle_stage")), longValue(n, "creation_time"),
                longValue(n, "last_update_time"), keyValueMap(n.get("tags")));
    }

    static RunStatus runStatus(JsonNode v) {
        if (v == null || v.isNull()) return RunStatus.RUNNING;
        if (v.isInt()) return RunStatus.fromCode(v.asInt());
        return RunStatus.valueOf(v.asText());
    }

    static RunInfo runInfo(JsonNode n) {
        String id = textOr(n, "run_id", text(n, "run_uuid"));
        return new RunInfo(id, text(n, "experiment_id"), textOr(n, "run_name", ""), textOr(n, "user_id", ""),
                runStatus(n.get("status")), longValue(n, "start_time"), longOrNull(n, "end_time"),
                text(n, "artifact_uri"), LifecycleStage.fromText(text(n, "lifecycle_stage")));
    }

    static Run run(JsonNode n) {
        JsonNode data = n.path("data");
        RunData runData = new RunData(metrics(data.get("metrics")), keyValueMap(data.get("params")),
                keyValueMap(data.get("tags")));
        List<DatasetInput> inputs = new ArrayList<>();
        for (JsonNode in : n.path("inputs").path("dataset_inputs")) {
            JsonNode d = in.path("dataset");
            inputs.add(new DatasetInput(new Dataset(text(d, "name"), text(d, "digest"), text(d, "source_type"),
                    text(d, "source"), text(d, "schema"), text(d, "profile")), keyValueMap(in.get("tags"))));
        }
        List<String> outputs = new ArrayList<>();
        for (JsonNode out : n.path("outputs").path("model_outputs")) outputs.add(text(out, "model_id"));
        return new Run(runInfo(n.path("info")), runData, inputs, outputs);
    }

    static String loggedModelStatusName(LoggedModelStatus s) {
        return switch (s) {
            case PENDING -> "LOGGED_MODEL_PENDING";
            case READY -> "LOGGED_MODEL_READY";
            case FAILED -> "LOGGED_MODEL_UPLOAD_FAILED";
        };
    }

    static LoggedModelStatus loggedModelStatus(JsonNode v) {
        if (v == null || v.isNull()) return LoggedModelStatus.PENDING;
        if (v.isInt()) return v.asInt() == 0 ? LoggedModelStatus.PENDING : LoggedModelStatus.fromCode(v.asInt());
        return switch (v.asText()) {
            case "LOGGED_MODEL_READY" -> LoggedModelStatus.READY;
            case "LOGGED_MODEL_UPLOAD_FAILED" -> LoggedModelStatus.FAILED;
            default -> LoggedModelStatus.PENDING;
        };
    }

    static LoggedModel loggedModel(JsonNode n) {
        JsonNode info = n.path("info");
        JsonNode data = n.path("data");
        return new LoggedModel(text(info, "model_id"), text(info, "experiment_id"), text(info, "name"),
                text(info, "artifact_uri"), longValue(info, "creation_timestamp_ms"),
                longValue(info, "last_updated_timestamp_ms"), text(info, "model_type"), text(info, "source_run_id"),
                loggedModelStatus(info.get("status")), text(info, "status_message"), keyValueMap(info.get("tags")),
                keyValueMap(data.get("params")), metrics(data.get("metrics")));
    }

    /**
     * A model version. Open-source servers do not return {@code model_id}; for a version registered from
     * {@code models:/m-...} it is taken from the source.
     */
    static ModelVersion modelVersion(JsonNode n) {
        String source = text(n, "source");
        String modelId = text(n, "model_id");
        if ((modelId == null || modelId.isEmpty()) && source != null && source.matches("models:/m-[0-9a-f]+/?")) {
            modelId = source.substring("models:/".length()).replace("/", "");
        }
        String runId = text(n, "run_id");
        return new ModelVersion(text(n, "name"), text(n, "version"), source,
                runId == null || runId.isEmpty() ? null : runId, modelId == null || modelId.isEmpty() ? null : modelId,
                text(n, "status"), longValue(n, "creation_timestamp"));
    }

    /** The next page token, or null when the server sent none or an empty one. */
    static String pageToken(JsonNode response) {
        String t = text(response, "next_page_token");
        return t == null || t.isEmpty() ? null : t;
    }
}
