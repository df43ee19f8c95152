package io.jmlflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations a spool holds, one JSON file each: {@code create_run}, {@code log_batch} (the default),
 * {@code update_run}, {@code log_inputs}, {@code log_artifacts} (files under {@code files/}), and the MLflow 3 model
 * lifecycle: {@code create_logged_model}, {@code finalize_logged_model}, {@code log_outputs},
 * {@code log_model_metrics}, {@code set_logged_model_tags}, {@code log_logged_model_params}. Runs and models are named
 * by the ids they had in the process that spooled them; a replay maps them to the store's
 * ({@link Spool#mappedId}).
 */
public final class SpoolOps {
    /** Artifact URIs of runs and models the store does not have yet: {@code spool:runs/<id>}, {@code spool:models/..}. */
    public static final String PLACEHOLDER = "spool:";

    private final Spool spool;

    public SpoolOps(Spool spool) {
        this.spool = spool;
    }

    public Spool spool() {
        return spool;
    }

    private static ObjectNode op(String name) {
        return Spool.Json.MAPPER.createObjectNode().put("op", name);
    }

    public void createRun(String runKey, String experimentId, String experimentName, String userId, long startTime,
                          String runName, List<Tag> tags, boolean attempted) throws IOException {
        ObjectNode op = op("create_run").put("run_id", runKey);
        if (experimentId != null) op.put("experiment_id", experimentId);
        if (experimentName != null) op.put("experiment_name", experimentName);
        op.put("user_id", userId).put("start_time", startTime).put("run_name", runName);
        // a first attempt the store may have carried out without our hearing of it: a replay looks for the run first
        op.put("attempted", attempted);
        putKeyValues(op.putArray("tags"), tags);
        spool.write(op);
    }

    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) throws IOException {
        ObjectNode op = op("log_batch").put("run_id", runId);
        putMetrics(op.putArray("metrics"), metrics);
        putKeyValues(op.putArray("params"), params);
        putKeyValues(op.putArray("tags"), tags);
        spool.write(op);
    }

    public void updateRun(String runId, RunStatus status, long endTime) throws IOException {
        spool.write(op("update_run").put("run_id", runId).put("status", status.name()).put("end_time", endTime));
    }

    public void logInputs(String runId, List<DatasetInput> inputs) throws IOException {
        ObjectNode op = op("log_inputs").put("run_id", runId);
        ArrayNode a = op.putArray("datasets");
        for (DatasetInput in : inputs) {
            ObjectNode n = a.addObject();
            Dataset d = in.dataset();
            n.putObject("dataset").put("name", d.name()).put("digest", d.digest()).put("source_type", d.sourceType())
                    .put("source", d.source()).put("schema", d.schema()).put("profile", d.profile());
            ObjectNode t = n.putObject("tags");
            in.tags().forEach(t::put);
        }
        spool.write(op);
    }

    /** Copies {@code files} (a file or a folder's contents) into the spool, for {@code path} of {@code artifactUri}. */
    public void logArtifacts(String artifactUri, String path, Path files) throws IOException {
        String name = "f" + Spool.nextName().replace(".json", "");
        Path target = spool.newFilesFolder(name);
        if (Files.isDirectory(files)) {
            copyTree(files, target);
        } else {
            copyFile(files, target.resolve(files.getFileName().toString()));
        }
        ObjectNode op = op("log_artifacts").put("artifact_uri", artifactUri).put("files", name);
        if (path != null) op.put("path", path);
        spool.write(op);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Spool.createDirs(dest);
                else copyFile(p, dest);
            }
        }
    }

    /** An owner-only copy (model files and plots are as private as the params). */
    private static void copyFile(Path from, Path to) throws IOException {
        Files.copy(from, to);
        OwnerOnlyFiles.makePrivate(to);
    }

    public void createLoggedModel(String modelId, String experimentId, String name, String sourceRunId, List<Tag> tags,
                                  List<Param> params, String modelType) throws IOException {
        ObjectNode op = op("create_logged_model").put("model_id", modelId).put("experiment_id", experimentId)
                .put("name", name).put("source_run_id", sourceRunId).put("model_type", modelType);
        putKeyValues(op.putArray("tags"), tags);
        putKeyValues(op.putArray("params"), params);
        spool.write(op);
    }

    public void finalizeLoggedModel(String modelId, LoggedModelStatus status) throws IOException {
        spool.write(op("finalize_logged_model").put("model_id", modelId).put("status", status.name()));
    }

    public void logOutputs(String runId, List<String> modelIds) throws IOException {
        ObjectNode op = op("log_outputs").put("run_id", runId);
        ArrayNode a = op.putArray("model_ids");
        modelIds.forEach(a::add);
        spool.write(op);
    }

    public void logModelMetrics(String modelId, String runId, List<Metric> metrics) throws IOException {
        ObjectNode op = op("log_model_metrics").put("model_id", modelId).put("run_id", runId);
        putMetrics(op.putArray("metrics"), metrics);
        spool.write(op);
    }

    public void setLoggedModelTags(String modelId, List<Tag> tags) throws IOException {
        ObjectNode op = op("set_logged_model_tags").put("model_id", modelId);
        putKeyValues(op.putArray("tags"), tags);
        spool.write(op);
    }

    public void logLoggedModelParams(String modelId, List<Param> params) throws IOException {
        ObjectNode op = op("log_logged_model_params").put("model_id", modelId);
        putKeyValues(op.putArray("params"), params);
        spool.write(op);
    }

    // ---- JSON shapes

    private static void putMetrics(ArrayNode a, List<Metric> metrics) {
        for (Metric m : metrics) {
            a.addObject().put("key", m.key()).put("value", Double.toString(m.value())).put("timestamp", m.timestamp())
                    .put("step", m.step());
        }
    }

    private static void putKeyValues(ArrayNode a, List<?> entries) {
        for (Object e : entries) {
            if (e instanceof Tag t) a.addObject().put("key", t.key()).put("value", t.value());
            else if (e instanceof Param p) a.addObject().put("key", p.key()).put("value", p.value());
        }
    }

    static List<Metric> metrics(JsonNode a) {
        List<Metric> out = new ArrayList<>();
        for (JsonNode m : a) {
            out.add(new Metric(m.get("key").asText(), Double.parseDouble(m.get("value").asText()),
                    m.get("timestamp").asLong(), m.get("step").asLong()));
        }
        return out;
    }

    static List<Param> params(JsonNode a) {
        List<Param> out = new ArrayList<>();
        for (JsonNode p : a) out.add(new Param(p.get("key").asText(), text(p.get("value"))));
        return out;
    }

    static List<Tag> tags(JsonNode a) {
        List<Tag> out = new ArrayList<>();
        for (JsonNode t : a) out.add(new Tag(t.get("key").asText(), text(t.get("value"))));
        return out;
    }

    static List<DatasetInput> datasets(JsonNode a) {
        List<DatasetInput> out = new ArrayList<>();
        for (JsonNode n : a) {
            JsonNode d = n.path("dataset");
            Map<String, String> tags = new LinkedHashMap<>();
            n.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
            out.add(new DatasetInput(new Dataset(text(d.get("name")), text(d.get("digest")), text(d.get("source_type")),
                    text(d.get("source")), text(d.get("schema")), text(d.get("profile"))), tags));
        }
        return out;
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }
}
