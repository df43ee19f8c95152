package io.jmlflow.internal.store;

import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;

import java.util.List;

/**
 * A tracking backend (file store, SQLite, REST), the Java counterpart of MLflow's {@code AbstractStore}.
 * Inputs arrive already validated by the client. Missing entities raise {@code MlflowException} with
 * {@code RESOURCE_DOES_NOT_EXIST}; implementations must be safe for concurrent use by several threads.
 */
public interface TrackingStore extends AutoCloseable {

    /** The URI this store was opened from, for messages. */
    String uri();

    // ---- experiments
    String createExperiment(String name, String artifactLocation, List<Tag> tags);

    Experiment getExperiment(String experimentId);

    /** The experiment with this name (active or deleted), or null. */
    Experiment getExperimentByName(String name);

    Page<Experiment> searchExperiments(ViewType viewType, int maxResults, String filter, List<String> orderBy,
                                       String pageToken);

    void deleteExperiment(String experimentId);

    void restoreExperiment(String experimentId);

    void renameExperiment(String experimentId, String newName);

    void setExperimentTag(String experimentId, Tag tag);

    // ---- runs
    Run createRun(String experimentId, String userId, long startTime, List<Tag> tags, String runName);

    /**
     * As {@link #createRun}, under an id the caller chose (32 lowercase hex digits, as {@code Ids.runId()} makes),
     * for stores that let the client pick run ids (SQLite, file); a tracking server picks its own.
     */
    default Run createRunWithId(String runId, String experimentId, String userId, long startTime, List<Tag> tags,
                                String runName) {
        throw new UnsupportedOperationException(describe() + " picks its own run ids");
    }

    Run getRun(String runId);

    RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName);

    void deleteRun(String runId);

    void restoreRun(String runId);

    Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                         List<String> orderBy, String pageToken);

    /**
     * Logs metrics, params and tags in one call. A param whose key already holds a different value is an
     * {@code INVALID_PARAMETER_VALUE} error; the same value again is accepted.
     */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

    List<Metric> getMetricHistory(String runId, String key);

    void deleteTag(String runId, String key);

    void logInputs(String runId, List<DatasetInput> inputs);

    // ---- MLflow 3 logged models
    LoggedModel createLoggedModel(String experimentId, String name, String sourceRunId, List<Tag> tags,
                                  List<Param> params, String modelType);

    LoggedModel getLoggedModel(String modelId);

    LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status);

    void setLoggedModelTags(String modelId, List<Tag> tags);

    void logLoggedModelParams(String modelId, List<Param> params);

    /** Links metrics to a model (and to the run given in the metric's context). */
    void logModelMetrics(String modelId, String runId, List<Metric> metrics);

    Page<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter, int maxResults,
                                         String pageToken);

    /** Records the models as outputs of the run. */
    void logOutputs(String runId, List<String> modelIds);

    /**
     * The repository for an artifact root that this store handed out (a run's {@code artifactUri} or a logged
     * model's {@code artifactLocation}). Local stores serve local paths; the REST store also serves
     * {@code mlflow-artifacts:} URIs through its server.
     */
    default io.jmlflow.internal.artifacts.ArtifactRepository artifactRepository(String artifactUri) {
        return io.jmlflow.internal.artifacts.ArtifactRepositories.local(artifactUri);
    }

    /** One line saying what this store is (kind, location, schema), for {@code doctor}. */
    default String describe() {
        return getClass().getSimpleName() + " " + uri();
    }

    /**
     * How many entries one {@link #logBatch} call may carry. MLflow's REST limits (1000 entries, 100 params, 100
     * tags) by default; local stores take far larger batches, which makes each transaction or append cheaper.
     */
    default int maxBatchEntries() {
        return 1000;
    }

    /**
     * True when a {@link #logBatch} that fails writes nothing (SQL stores, a tracking server on one); false when the
     * store writes what it can and then reports what it refused (the file store), so a batch must not be sent again.
     */
    default boolean writesBatchesWhole() {
        return true;
    }

    /**
     * This store making one attempt per call, each bounded by {@code timeoutMillis}: for first attempts whose failure
     * is handled by spooling rather than by waiting. Stores that do not wait for a network answer return themselves.
     */
    default TrackingStore withoutRetries(long timeoutMillis) {
        return this;
    }

    /** True for a store reached over the network (a tracking server). */
    default boolean isRemote() {
        return false;
    }

    /**
     * A quick check (no retries) that the store answers now; the async writer uses it to decide when to replay
     * spooled data. Local stores are always reachable.
     */
    default boolean isReachable() {
        return true;
    }

    @Override
    default void close() {
    }
}
