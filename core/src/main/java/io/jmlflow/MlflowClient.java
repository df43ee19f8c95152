package io.jmlflow;

import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.RunNames;
import io.jmlflow.internal.SystemTags;
import io.jmlflow.internal.Validation;
import io.jmlflow.internal.models.ModelLogging;
import io.jmlflow.internal.store.RegistryStore;
import io.jmlflow.internal.store.Stores;
import io.jmlflow.internal.store.TrackingStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Create, read, update and delete experiments, runs, metrics, artifacts and models in one tracking store,
 * synchronously. The counterpart of Python's {@code mlflow.MlflowClient}. Input is checked as MLflow checks it: a
 * metric, param or tag MLflow would refuse is left out with one warning naming the rule (never renamed), over-long
 * param and tag values are truncated with a warning, and creating something under a name MLflow refuses throws
 * {@code INVALID_PARAMETER_VALUE}.
 */
public final class MlflowClient implements AutoCloseable {
    private final TrackingStore store;

    /** A client for the configured tracking URI ({@link MlflowConfig#trackingUri()}). */
    public MlflowClient() {
        this(MlflowConfig.trackingUri());
    }

    public MlflowClient(String trackingUri) {
        this(Stores.open(trackingUri));
    }

    /** A client over an already opened store. */
    MlflowClient(TrackingStore store) {
        this.store = store;
    }

    public String trackingUri() { return store.uri(); }

    /** The underlying store (for the fluent API in this package). */
    TrackingStore store() { return store; }

    // ------------------------------------------------------------------ experiments

    public String createExperiment(String name) {
        return createExperiment(name, null, Map.of());
    }

    /**
     * Creates an experiment; a name MLflow refuses (empty, over 500 characters) throws
     * {@code INVALID_PARAMETER_VALUE}, and tags MLflow refuses are left out with a warning.
     */
    public String createExperiment(String name, String artifactLocation, Map<String, String> tags) {
        requireValid(Validation.experimentNameProblem(name));
        List<Tag> ts = new ArrayList<>();
        if (tags != null) {
            for (Map.Entry<String, String> e : tags.entrySet()) {
                Tag t = Validation.experimentTag(new Tag(e.getKey(), e.getValue()));
                if (t != null) ts.add(t);
            }
        }
        return store.createExperiment(name, artifactLocation, ts);
    }

    private static void requireValid(String problem) {
        if (problem != null) throw MlflowException.invalid(problem);
    }

    public Experiment getExperiment(String experimentId) {
        return store.getExperiment(experimentId);
    }

    public Optional<Experiment> getExperimentByName(String name) {
        return Optional.ofNullable(store.getExperimentByName(name));
    }

    public Page<Experiment> searchExperiments(ViewType viewType, int maxResults, String filter, List<String> orderBy,
                                              String pageToken) {
        return store.searchExperiments(viewType, maxResults, filter, orderBy, pageToken);
    }

    /** All active experiments matching {@code filter} (every page). */
    public List<Experiment> searchExperiments(String filter) {
        List<Experiment> out = new ArrayList<>();
        String token = null;
        do {
            Page<Experiment> p = store.searchExperiments(ViewType.ACTIVE_ONLY, 1000, filter, null, token);
            out.addAll(p.items());
            token = p.nextPageToken();
        } while (token != null);
        return out;
    }

    public void deleteExperiment(String experimentId) { store.deleteExperiment(experimentId); }

    public void restoreExperiment(String experimentId) { store.restoreExperiment(experimentId); }

    public void renameExperiment(String experimentId, String newName) {
        requireValid(Validation.experimentNameProblem(newName));
        store.renameExperiment(experimentId, newName);
    }

    public void setExperimentTag(String experimentId, String key, String value) {
        Tag t = Validation.experimentTag(new Tag(key, value));
        if (t != null) store.setExperimentTag(experimentId, t);
    }

    // ------------------------------------------------------------------ runs

    /** A new RUNNING run with a generated name and the system tags. */
    public Run createRun(String experimentId) {
        return createRun(experimentId, null, Map.of());
    }

    /**
     * A new RUNNING run. System tags ({@code mlflow.user}, {@code mlflow.source.*}, git commit and branch,
     * {@code mlflow.runName}) are added unless {@code tags} sets them.
     */
    public Run createRun(String experimentId, String runName, Map<String, String> tags) {
        return createRun(null, experimentId, runName, tags, System.currentTimeMillis());
    }

    /** As {@link #createRun(String, String, Map)}, under {@code runId} when not null (see the store's createRunWithId). */
    Run createRun(String runId, String experimentId, String runName, Map<String, String> tags, long startTime) {
        Map<String, String> all = new LinkedHashMap<>(SystemTags.forNewRun());
        if (tags != null) all.putAll(tags);
        String name = runName != null ? runName : all.getOrDefault(SystemTags.RUN_NAME, RunNames.generate());
        all.put(SystemTags.RUN_NAME, name);
        String user = all.getOrDefault(SystemTags.USER, System.getProperty("user.name", "unknown"));
        String experiment = experimentId == null ? "0" : experimentId;
        return runId == null ? store.createRun(experiment, user, startTime, toTags(all), name)
                : store.createRunWithId(runId, experiment, user, startTime, toTags(all), name);
    }

    public Run getRun(String runId) { return store.getRun(runId); }

    public RunInfo setTerminated(String runId, RunStatus status) {
        return store.updateRunInfo(runId, status, System.currentTimeMillis(), null);
    }

    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        return store.updateRunInfo(runId, status, endTime, runName);
    }

    public void deleteRun(String runId) { store.deleteRun(runId); }

    public void restoreRun(String runId) { store.restoreRun(runId); }

    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        return store.searchRuns(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
    }

    /** All active runs of the experiments matching {@code filter}, newest first (every page). */
    public List<Run> searchRuns(List<String> experimentIds, String filter) {
        List<Run> out = new ArrayList<>();
        String token = null;
        do {
            Page<Run> p = store.searchRuns(experimentIds, filter, ViewType.ACTIVE_ONLY, 1000, null, token);
            out.addAll(p.items());
            token = p.nextPageToken();
        } while (token != null);
        return out;
    }

    public void logParam(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(new Param(key, value)), List.of());
    }

    public void logMetric(String runId, String key, double value) {
        logMetric(runId, key, value, System.currentTimeMillis(), 0);
    }

    public void logMetric(String runId, String key, double value, long timestamp, long step) {
        logBatch(runId, List.of(new Metric(key, value, timestamp, step)), List.of(), List.of());
    }

    public void setTag(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(), List.of(new Tag(key, value)));
    }

    public void deleteTag(String runId, String key) { store.deleteTag(runId, key); }

    /**
     * Logs metrics, params and tags, split into requests within MLflow's limits. Invalid keys are fixed or
     * skipped with a warning; a param that changes value raises {@code INVALID_PARAMETER_VALUE} as in MLflow.
     */
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        List<Metric> ms = new ArrayList<>(metrics.size());
        for (Metric m : metrics) {
            Metric v = Validation.metric(m);
            if (v != null) ms.add(v);
        }
        List<Param> ps = new ArrayList<>(params.size());
        for (Param p : params) {
            Param v = Validation.param(p);
            if (v != null) ps.add(v);
        }
        List<Tag> ts = new ArrayList<>(tags.size());
        for (Tag t : tags) {
            Tag v = Validation.tag(t);
            if (v != null) ts.add(v);
        }
        int mi = 0;
        int pi = 0;
        int ti = 0;
        do {
            int room = Validation.MAX_ENTITIES_PER_BATCH;
            int np = Math.min(Math.min(Validation.MAX_PARAMS_PER_BATCH, ps.size() - pi), room);
            room -= np;
            int nt = Math.min(Math.min(Validation.MAX_TAGS_PER_BATCH, ts.size() - ti), room);
            room -= nt;
            int nm = Math.min(Math.min(Validation.MAX_METRICS_PER_BATCH, ms.size() - mi), room);
            store.logBatch(runId, ms.subList(mi, mi + nm), ps.subList(pi, pi + np), ts.subList(ti, ti + nt));
            mi += nm;
            pi += np;
            ti += nt;
        } while (mi < ms.size() || pi < ps.size() || ti < ts.size());
    }

    public List<Metric> getMetricHistory(String runId, String key) {
        List<Metric> h = new ArrayList<>(store.getMetricHistory(runId, key));
        h.sort((a, b) -> a.step() != b.step() ? Long.compare(a.step(), b.step()) : Long.compare(a.timestamp(), b.timestamp()));
        return h;
    }

    /** Records datasets as inputs of a run; one MLflow would refuse (over-long fields) is left out with a warning. */
    public void logInputs(String runId, List<DatasetInput> inputs) {
        List<DatasetInput> ok = new ArrayList<>(inputs.size());
        for (DatasetInput in : inputs) {
            String problem = Validation.datasetInputProblem(in);
            if (problem == null) ok.add(in);
            else io.jmlflow.internal.Log.warn("dataset '" + Validation.abbreviate(String.valueOf(in.dataset().name()))
                    + "' is not logged as an input of run " + runId + ": " + problem);
        }
        if (!ok.isEmpty()) store.logInputs(runId, ok);
    }

    // ------------------------------------------------------------------ artifacts

    private ArtifactRepository artifactRepository(String runId) {
        return store.artifactRepository(store.getRun(runId).info().artifactUri());
    }

    public void logArtifact(String runId, Path localFile, String artifactPath) {
        artifactRepository(runId).logArtifact(localFile, artifactPath);
    }

    /**
     * Writes {@code text} (UTF-8) as the run's artifact file {@code artifactFile} ({@code "dir/name.txt"} or
     * {@code "name.txt"}), as Python's {@code MlflowClient.log_text}: in place for a local store, with no temporary
     * file.
     */
    public void logText(String runId, String text, String artifactFile) {
        try {
            artifactRepository(runId).write(artifactFile, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "could not write artifact " + artifactFile
                    + " of run " + runId + ": " + e, e);
        }
    }

    public void logArtifacts(String runId, Path localDir, String artifactPath) {
        artifactRepository(runId).logArtifacts(localDir, artifactPath);
    }

    public List<FileInfo> listArtifacts(String runId, String path) {
        return artifactRepository(runId).listArtifacts(path);
    }

    public Path downloadArtifacts(String runId, String path, Path destDir) {
        return artifactRepository(runId).downloadArtifacts(path, destDir);
    }

    // ------------------------------------------------------------------ models

    /**
     * Logs {@code model} as an MLflow 3 logged model named {@code name}, produced by {@code runId} (may be null),
     * through the best {@link io.jmlflow.models.ModelFlavor} for it. Returns the READY model, or the FAILED one
     * (with a warning) when saving threw.
     */
    public LoggedModel logModel(String runId, Object model, String name) {
        return ModelLogging.log(store, runId, model, name, Map.of());
    }

    public LoggedModel logModel(String runId, Object model, String name, Map<String, String> params) {
        return ModelLogging.log(store, runId, model, name, params);
    }

    public LoggedModel getLoggedModel(String modelId) { return store.getLoggedModel(modelId); }

    /**
     * Links evaluation metrics to a logged model and to the run that computed them (MLflow shows them on the
     * model page and the run page).
     */
    public void logModelMetrics(String modelId, String runId, List<Metric> metrics) {
        List<Metric> ms = new ArrayList<>();
        for (Metric m : metrics) {
            Metric v = Validation.metric(m);
            if (v != null) ms.add(v);
        }
        if (!ms.isEmpty()) store.logModelMetrics(modelId, runId, ms);
    }

    public Page<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter, int maxResults,
                                                String pageToken) {
        return store.searchLoggedModels(experimentIds, filter, maxResults, pageToken);
    }

    /**
     * Loads a model back as its Java object: {@code models:/<model_id>}, {@code runs:/<run_id>/<name>},
     * {@code models:/<name>/<version>} or {@code models:/<name>@<alias>}.
     */
    public Object loadModel(String modelUri) {
        return ModelLogging.load(store, modelUri);
    }

    // ------------------------------------------------------------------ registry

    private RegistryStore registry() {
        if (store instanceof RegistryStore) return (RegistryStore) store;
        throw new MlflowException(MlflowException.INVALID_STATE, "the store at " + store.uri()
                + " has no model registry");
    }

    /** Registers a model ({@code models:/<id>}, {@code runs:/<run>/<name>} or a model id) as a new version of {@code name}. */
    public ModelVersion registerModel(String modelUri, String name) {
        requireValid(Validation.registeredModelNameProblem(name));
        LoggedModel m = ModelLogging.resolveLoggedModel(store, modelUri);
        registry().createRegisteredModel(name);
        return registry().createModelVersion(name, "models:/" + m.modelId(), m.sourceRunId(), m.modelId());
    }

    public void setRegisteredModelAlias(String name, String alias, String version) {
        requireValid(Validation.aliasProblem(alias));
        registry().setAlias(name, alias, version);
    }

    public ModelVersion getModelVersion(String name, String version) {
        return registry().getModelVersion(name, version);
    }

    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return registry().getModelVersionByAlias(name, alias);
    }

    public List<ModelVersion> searchModelVersions(String name) {
        return registry().searchModelVersions(name);
    }

    @Override
    public void close() {
        store.close();
    }

    static List<Tag> toTags(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        if (tags != null) {
            for (Map.Entry<String, String> e : tags.entrySet()) {
                Tag t = Validation.tag(new Tag(e.getKey(), e.getValue()));
                if (t != null) out.add(t);
            }
        }
        return out;
    }
}
