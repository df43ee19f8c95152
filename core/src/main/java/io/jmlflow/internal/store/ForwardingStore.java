package io.jmlflow.internal.store;

import io.jmlflow.MlflowException;
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
import io.jmlflow.internal.artifacts.ArtifactRepository;

import java.util.List;

/**
 * A store that hands every call to another one, chosen per call: {@link #store()} in general, {@link #storeFor} for a
 * call that names a run, {@link #storeForSearch} for searches over runs. Subclasses change only what they are about
 * (opening the store in the background, routing to the spool).
 */
public abstract class ForwardingStore implements TrackingStore, RegistryStore {

    /** The store calls go to. */
    protected abstract TrackingStore store();

    /** The store for a call that names run {@code runId}. */
    protected TrackingStore storeFor(String runId) {
        return store();
    }

    /** The store for a search over runs or models. */
    protected TrackingStore storeForSearch() {
        return store();
    }

    protected RegistryStore registry() {
        TrackingStore s = store();
        if (s instanceof RegistryStore) return (RegistryStore) s;
        throw new MlflowException(MlflowException.INVALID_STATE, "the store at " + uri() + " has no model registry");
    }

    @Override
    public String describe() {
        return store().describe();
    }

    @Override
    public void close() {
        store().close();
    }

    // ---- experiments

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        return store().createExperiment(name, artifactLocation, tags);
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        return store().getExperiment(experimentId);
    }

    @Override
    public Experiment getExperimentByName(String name) {
        return store().getExperimentByName(name);
    }

    @Override
    public Page<Experiment> searchExperiments(ViewType viewType, int maxResults, String filter, List<String> orderBy,
                                              String pageToken) {
        return store().searchExperiments(viewType, maxResults, filter, orderBy, pageToken);
    }

    @Override
    public void deleteExperiment(String experimentId) {
        store().deleteExperiment(experimentId);
    }

    @Override
    public void restoreExperiment(String experimentId) {
        store().restoreExperiment(experimentId);
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        store().renameExperiment(experimentId, newName);
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        store().setExperimentTag(experimentId, tag);
    }

    // ---- runs

    @Override
    public Run createRun(String experimentId, String userId, long startTime, List<Tag> tags, String runName) {
        return store().createRun(experimentId, userId, startTime, tags, runName);
    }

    @Override
    public Run createRunWithId(String runId, String experimentId, String userId, long startTime, List<Tag> tags,
                               String runName) {
        return store().createRunWithId(runId, experimentId, userId, startTime, tags, runName);
    }

    @Override
    public Run getRun(String runId) {
        return storeFor(runId).getRun(runId);
    }

    @Override
    public RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName) {
        return storeFor(runId).updateRunInfo(runId, status, endTime, runName);
    }

    @Override
    public void deleteRun(String runId) {
        storeFor(runId).deleteRun(runId);
    }

    @Override
    public void restoreRun(String runId) {
        storeFor(runId).restoreRun(runId);
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        return storeForSearch().searchRuns(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        storeFor(runId).logBatch(runId, metrics, params, tags);
    }

    @Override
    public List<Metric> getMetricHistory(String runId, String key) {
        return storeFor(runId).getMetricHistory(runId, key);
    }

    @Override
    public void deleteTag(String runId, String key) {
        storeFor(runId).deleteTag(runId, key);
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        storeFor(runId).logInputs(runId, inputs);
    }

    // ---- logged models

    @Override
    public LoggedModel createLoggedModel(String experimentId, String name, String sourceRunId, List<Tag> tags,
                                         List<Param> params, String modelType) {
        return storeFor(sourceRunId).createLoggedModel(experimentId, name, sourceRunId, tags, params, modelType);
    }

    @Override
    public LoggedModel getLoggedModel(String modelId) {
        return store().getLoggedModel(modelId);
    }

    @Override
    public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
        return store().finalizeLoggedModel(modelId, status);
    }

    @Override
    public void setLoggedModelTags(String modelId, List<Tag> tags) {
        store().setLoggedModelTags(modelId, tags);
    }

    @Override
    public void logLoggedModelParams(String modelId, List<Param> params) {
        store().logLoggedModelParams(modelId, params);
    }

    @Override
    public void logModelMetrics(String modelId, String runId, List<Metric> metrics) {
        storeFor(runId).logModelMetrics(modelId, runId, metrics);
    }

    @Override
    public Page<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter, int maxResults,
                                                String pageToken) {
        return storeForSearch().searchLoggedModels(experimentIds, filter, maxResults, pageToken);
    }

    @Override
    public void logOutputs(String runId, List<String> modelIds) {
        storeFor(runId).logOutputs(runId, modelIds);
    }

    @Override
    public ArtifactRepository artifactRepository(String artifactUri) {
        return store().artifactRepository(artifactUri);
    }

    @Override
    public int maxBatchEntries() {
        return store().maxBatchEntries();
    }

    @Override
    public boolean writesBatchesWhole() {
        return store().writesBatchesWhole();
    }

    @Override
    public boolean isRemote() {
        return store().isRemote();
    }

    @Override
    public boolean isReachable() {
        return store().isReachable();
    }

    // ---- model registry

    @Override
    public void createRegisteredModel(String name) {
        registry().createRegisteredModel(name);
    }

    @Override
    public ModelVersion createModelVersion(String name, String source, String runId, String modelId) {
        storeFor(runId);
        return registry().createModelVersion(name, source, runId, modelId);
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        return registry().getModelVersion(name, version);
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        registry().setAlias(name, alias, version);
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return registry().getModelVersionByAlias(name, alias);
    }

    @Override
    public List<ModelVersion> searchModelVersions(String name) {
        return registry().searchModelVersions(name);
    }
}
