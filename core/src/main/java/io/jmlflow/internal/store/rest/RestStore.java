package io.jmlflow.internal.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.MlflowException;
import io.jmlflow.internal.artifacts.ArtifactRepositories;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.internal.artifacts.http.MlflowArtifactsRepository;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.store.RegistryStore;
import io.jmlflow.internal.store.TrackingStore;

import java.util.ArrayList;
import java.util.List;

/**
 * An MLflow tracking server over its REST API ({@code /api/2.0/mlflow/...}), including MLflow 3 logged models,
 * the model registry and artifacts proxied through the server ({@code mlflow-artifacts:}).
 *
 * <p>Requests are retried with back-off on connection failures, 429 and 5xx ({@link RestSettings}). Retrying a
 * {@link #logBatch} is safe: a SQL-backed server ignores a metric point identical in key, value, timestamp and
 * step to one it holds, accepts a param logged again with the same value, and overwrites tags. A large batch is
 * split into several requests within the server's limits; if one of them fails, the earlier ones stay written
 * and sending the whole batch again completes it without duplicates.
 *
 * <p>NaN and infinities travel as protobuf JSON strings ({@code "NaN"}, {@code "Infinity"}); a SQL-backed server
 * stores an infinity as ±{@code Double.MAX_VALUE}, which this store reads back as the infinity.
 */
public final class RestStore implements TrackingStore, RegistryStore {
    private static final String API = "api/2.0/mlflow/";
    private static final int HISTORY_PAGE = 25_000;
    private static final int MAX_DATASETS_PER_REQUEST = 1000;
    private static final int MODEL_PARAMS_PER_REQUEST = 100;

    private final RestClient client;

    private RestStore(RestClient client) {
        this.client = client;
    }

    @Override
    public boolean isReachable() {
        return client.isHealthy();
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    @Override
    public TrackingStore withoutRetries(long timeoutMillis) {
        return new RestStore(client.withoutRetries(timeoutMillis));
    }

    /** A store for the server at {@code uri} ({@code http(s)://host:port[/prefix]}), configured from the environment. */
    public static RestStore open(String uri) {
        return open(uri, RestSettings.fromConfig());
    }

    public static RestStore open(String uri, RestSettings settings) {
        return new RestStore(RestClient.create(uri, settings));
    }

    /** The HTTP client, for callers that reach other endpoints of the same server. */
    public RestClient client() { return client; }

    @Override
    public String uri() {
        return client.baseUri();
    }

    private JsonNode get(String endpoint, ObjectNode query) {
        return client.call("GET", API + endpoint, query);
    }

    private JsonNode post(String endpoint, ObjectNode body) {
        return client.call("POST", API + endpoint, body);
    }

    private static ObjectNode body() {
        return RestJson.object();
    }

    // ---- experiments

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        ObjectNode b = body().put("name", name);
        if (artifactLocation != null && !artifactLocation.isEmpty()) b.put("artifact_location", artifactLocation);
        if (tags != null && !tags.isEmpty()) b.set("tags", RestJson.keyValues(tags));
        return post("experiments/create", b).path("experiment_id").asText();
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        return RestJson.experiment(get("experiments/get", body().put("experiment_id", experimentId))
                .path("experiment"));
    }

    @Override
    public Experiment getExperimentByName(String name) {
        try {
            return RestJson.experiment(get("experiments/get-by-name", body().put("experiment_name", name))
                    .path("experiment"));
        } catch (MlflowException e) {
            if (MlflowException.RESOURCE_DOES_NOT_EXIST.equals(e.errorCode())) return null;
            throw e;
        }
    }

    @Override
    public Page<Experiment> searchExperiments(ViewType viewType, int maxResults, String filter, List<String> orderBy,
                                              String pageToken) {
        ObjectNode b = body().put("view_type", (viewType == null ? ViewType.ACTIVE_ONLY : viewType).name())
                .put("max_results", maxResults);
        if (filter != null && !filter.isBlank()) b.put("filter", filter);
        if (orderBy != null && !orderBy.isEmpty()) b.set("order_by", RestJson.strings(orderBy));
        if (pageToken != null) b.put("page_token", pageToken);
        JsonNode r = post("experiments/search", b);
        List<Experiment> out = new ArrayList<>();
        for (JsonNode e : r.path("experiments")) out.add(RestJson.experiment(e));
        return new Page<>(out, RestJson.pageToken(r));
    }

    @Override
    public void deleteExperiment(String experimentId) {
        post("experiments/delete", body().put("experiment_id", experimentId));
    }

    @Override
    public void restoreExperiment(String experimentId) {
        post("experiments/restore", body().put("experiment_id", experimentId));
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        post("experiments/update", body().put("experiment_id", experimentId).put("new_name", newName));
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        post("experiments/set-experiment-tag", body().put("experiment_id", experimentId).put("key", tag.key())
                .put("value", tag.value()));
    }

    // ---- runs

    @Override
    public Run createRun(String experimentId, String userId, long startTime, List<Tag> tags, String runName) {
        ObjectNode b = body().put("experiment_id", experimentId).put("start_time", startTime);
        if (userId != null) b.put("user_id", userId);
        if (runName != null) b.put("run_name", runName);
        b.set("tags", RestJson.keyValues(tags == null ? List.of() : tags));
        return RestJson.run(post("runs/create", b).path("run"));
    }

    @Override
    public Run getRun(String runId) {
        return RestJson.run(get("runs/get", body().put("run_id", runId)).path("run"));
    }

    @Override
    public RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName) {
        ObjectNode b = body().put("run_id", runId).put("run_uuid", runId);
        if (status != null) b.put("status", status.name());
        if (endTime != null) b.put("end_time", endTime);
        if (runName != null) b.put("run_name", runName);
        return RestJson.runInfo(post("runs/update", b).path("run_info"));
    }

    @Override
    public void deleteRun(String runId) {
        post("runs/delete", body().put("run_id", runId));
    }

    @Override
    public void restoreRun(String runId) {
        post("runs/restore", body().put("run_id", runId));
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        ObjectNode b = body();
        b.set("experiment_ids", RestJson.strings(experimentIds));
        if (filter != null && !filter.isBlank()) b.put("filter", filter);
        b.put("run_view_type", (viewType == null ? ViewType.ACTIVE_ONLY : viewType).name());
        b.put("max_results", maxResults);
        if (orderBy != null && !orderBy.isEmpty()) b.set("order_by", RestJson.strings(orderBy));
        if (pageToken != null) b.put("page_token", pageToken);
        JsonNode r = post("runs/search", b);
        List<Run> out = new ArrayList<>();
        for (JsonNode run : r.path("runs")) out.add(RestJson.run(run));
        return new Page<>(out, RestJson.pageToken(r));
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        sendBatches(runId, metrics, params, tags, null);
    }

    private void sendBatches(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags, String modelId) {
        for (LogBatchSplitter.Chunk chunk : LogBatchSplitter.split(metrics, params, tags)) {
            if (chunk.size() == 0) continue;
            ObjectNode b = body().put("run_id", runId);
            ArrayNode ms = b.putArray("metrics");
            for (Metric m : chunk.metrics()) ms.add(RestJson.metric(m, modelId, modelId == null ? null : runId));
            b.set("params", RestJson.keyValues(chunk.params()));
            b.set("tags", RestJson.keyValues(chunk.tags()));
            post("runs/log-batch", b);
        }
    }

    /** All points of a metric, fetched in pages of 25,000 (a server that does not page answers in one). */
    @Override
    public List<Metric> getMetricHistory(String runId, String key) {
        List<Metric> out = new ArrayList<>();
        String token = null;
        do {
            ObjectNode q = body().put("run_id", runId).put("metric_key", key).put("max_results", HISTORY_PAGE);
            if (token != null) q.put("page_token", token);
            JsonNode r = get("metrics/get-history", q);
            out.addAll(RestJson.metrics(r.get("metrics")));
            String next = RestJson.pageToken(r);
            token = next == null || next.equals(token) ? null : next;
        } while (token != null);
        return out;
    }

    @Override
    public void deleteTag(String runId, String key) {
        post("runs/delete-tag", body().put("run_id", runId).put("key", key));
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        if (inputs == null || inputs.isEmpty()) return;
        for (int i = 0; i < inputs.size(); i += MAX_DATASETS_PER_REQUEST) {
            ObjectNode b = body().put("run_id", runId);
            ArrayNode ds = b.putArray("datasets");
            for (DatasetInput in : inputs.subList(i, Math.min(inputs.size(), i + MAX_DATASETS_PER_REQUEST))) {
                ds.add(RestJson.datasetInput(in));
            }
            post("runs/log-inputs", b);
        }
    }

    // ---- MLflow 3 logged models

    private static String modelPath(String modelId) {
        if (modelId == null || modelId.isEmpty() || modelId.contains("/") || modelId.contains("..")) {
            throw MlflowException.invalid("invalid logged model id '" + modelId + "'");
        }
        return "logged-models/" + modelId;
    }

    @Override
    public LoggedModel createLoggedModel(String experimentId, String name, String sourceRunId, List<Tag> tags,
                                         List<Param> params, String modelType) {
        List<Param> all = params == null ? List.of() : params;
        ObjectNode b = body().put("experiment_id", experimentId);
        if (name != null) b.put("name", name);
        if (modelType != null) b.put("model_type", modelType);
        if (sourceRunId != null) b.put("source_run_id", sourceRunId);
        b.set("params", RestJson.keyValues(all.subList(0, Math.min(all.size(), MODEL_PARAMS_PER_REQUEST))));
        b.set("tags", RestJson.keyValues(tags == null ? List.of() : tags));
        LoggedModel model = RestJson.loggedModel(post("logged-models", b).path("model"));
        if (all.size() > MODEL_PARAMS_PER_REQUEST) {
            logLoggedModelParams(model.modelId(), all.subList(MODEL_PARAMS_PER_REQUEST, all.size()));
            model = getLoggedModel(model.modelId());
        }
        return model;
    }

    @Override
    public LoggedModel getLoggedModel(String modelId) {
        return RestJson.loggedModel(client.call("GET", API + modelPath(modelId), null).path("model"));
    }

    @Override
    public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
        ObjectNode b = body().put("model_id", modelId).put("status", RestJson.loggedModelStatusName(status));
        return RestJson.loggedModel(client.call("PATCH", API + modelPath(modelId), b).path("model"));
    }

    @Override
    public void setLoggedModelTags(String modelId, List<Tag> tags) {
        if (tags == null || tags.isEmpty()) return;
        ObjectNode b = body().put("model_id", modelId);
        b.set("tags", RestJson.keyValues(tags));
        client.call("PATCH", API + modelPath(modelId) + "/tags", b);
    }

    @Override
    public void logLoggedModelParams(String modelId, List<Param> params) {
        if (params == null) return;
        for (int i = 0; i < params.size(); i += MODEL_PARAMS_PER_REQUEST) {
            ObjectNode b = body().put("model_id", modelId);
            b.set("params", RestJson.keyValues(params.subList(i, Math.min(params.size(), i + MODEL_PARAMS_PER_REQUEST))));
            client.call("POST", API + modelPath(modelId) + "/params", b);
        }
    }

    /**
     * Logs the metrics to the run with the model's id attached, as MLflow does: they become model metrics and
     * run metrics. Without {@code runId} the model's source run is used.
     */
    @Override
    public void logModelMetrics(String modelId, String runId, List<Metric> metrics) {
        if (metrics == null || metrics.isEmpty()) return;
        String run = runId;
        if (run == null) run = getLoggedModel(modelId).sourceRunId();
        if (run == null || run.isEmpty()) {
            throw MlflowException.invalid("model " + modelId + " has no source run to log its metrics to");
        }
        sendBatches(run, metrics, List.of(), List.of(), modelId);
    }

    @Override
    public Page<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter, int maxResults,
                                                String pageToken) {
        ObjectNode b = body();
        b.set("experiment_ids", RestJson.strings(experimentIds));
        if (filter != null && !filter.isBlank()) b.put("filter", filter);
        if (maxResults > 0) b.put("max_results", maxResults);
        if (pageToken != null) b.put("page_token", pageToken);
        JsonNode r = post("logged-models/search", b);
        List<LoggedModel> out = new ArrayList<>();
        for (JsonNode m : r.path("models")) out.add(RestJson.loggedModel(m));
        return new Page<>(out, RestJson.pageToken(r));
    }

    @Override
    public void logOutputs(String runId, List<String> modelIds) {
        if (modelIds == null || modelIds.isEmpty()) return;
        ObjectNode b = body().put("run_id", runId);
        ArrayNode models = b.putArray("models");
        for (String id : modelIds) models.addObject().put("model_id", id).put("step", 0);
        post("runs/outputs", b);
    }

    // ---- artifacts

    /**
     * {@code mlflow-artifacts:} and {@code http(s)://.../api/2.0/mlflow-artifacts/artifacts/...} through the
     * server; local paths and {@code file:} URIs directly (a server without {@code --serve-artifacts} hands
     * those out, and only a client on the same file system can use them).
     */
    @Override
    public ArtifactRepository artifactRepository(String artifactUri) {
        if (MlflowArtifactsRepository.handles(artifactUri)) return MlflowArtifactsRepository.forUri(artifactUri, client);
        if (ArtifactRepositories.isLocal(artifactUri)) return ArtifactRepositories.local(artifactUri);
        throw MlflowException.invalid("artifact location '" + io.jmlflow.internal.Redaction.uri(artifactUri)
                + "' is not "
                + "supported: start the tracking server with --serve-artifacts so that artifacts go through it");
    }

    // ---- registry

    @Override
    public void createRegisteredModel(String name) {
        try {
            post("registered-models/create", body().put("name", name));
        } catch (MlflowException e) {
            if (!MlflowException.RESOURCE_ALREADY_EXISTS.equals(e.errorCode())) throw e;
        }
    }

    @Override
    public ModelVersion createModelVersion(String name, String source, String runId, String modelId) {
        ObjectNode b = body().put("name", name).put("source", source);
        if (runId != null) b.put("run_id", runId);
        if (modelId != null) b.put("model_id", modelId);
        return RestJson.modelVersion(post("model-versions/create", b).path("model_version"));
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        return RestJson.modelVersion(get("model-versions/get", body().put("name", name).put("version", version))
                .path("model_version"));
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        post("registered-models/alias", body().put("name", name).put("alias", alias).put("version", version));
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return RestJson.modelVersion(get("registered-models/alias", body().put("name", name).put("alias", alias))
                .path("model_version"));
    }

    @Override
    public List<ModelVersion> searchModelVersions(String name) {
        String quoted = name.contains("'") ? "\"" + name.replace("\"", "\\\"") + "\"" : "'" + name + "'";
        List<ModelVersion> out = new ArrayList<>();
        String token = null;
        do {
            ObjectNode q = body().put("filter", "name=" + quoted).put("max_results", 1000);
            if (token != null) q.put("page_token", token);
            JsonNode r = get("model-versions/search", q);
            for (JsonNode v : r.path("model_versions")) out.add(RestJson.modelVersion(v));
            String next = RestJson.pageToken(r);
            token = next == null || next.equals(token) ? null : next;
        } while (token != null);
        return out;
    }

    @Override
    public String toString() {
        return "RestStore[" + client.baseUri() + "]";
    }
}
