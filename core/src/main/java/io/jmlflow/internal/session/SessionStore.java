package io.jmlflow.internal.session;

import io.jmlflow.MlflowException;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunData;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Failures;
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.SpoolOps;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.internal.store.ForwardingStore;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.writer.OfflineSpool;
import io.jmlflow.internal.writer.TrackedRun;
import io.jmlflow.internal.writer.TrackedRuns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store as the fluent API's session uses it (its {@code MlflowClient}, and so autologging's post-training work).
 * Calls naming a run of the session go to the store under the store's id for it. What a run logs goes to the spool
 * ({@link SpoolOps}), not to the network, while the store is offline or does not have the run yet (a tracking server
 * that did not answer its creation): params, metrics, tags, dataset inputs, artifacts, and logged models with their
 * files, which a replay creates, uploads and finalizes. A write the store does not take (one attempt, no retries:
 * the spool keeps it instead) sends the session offline. Reads while offline fail at once rather than wait through
 * the retries; for a run of the session, {@link #getRun} answers from what the session knows.
 */
public final class SessionStore extends ForwardingStore {
    private final TrackingStore store;
    private volatile TrackingStore oneAttemptStore;
    private final TrackedRuns runs;
    private final OfflineSpool offline;
    private final long decisionMillis;
    /** Logged models created in the spool, by the id this session gave them. */
    private final Map<String, LoggedModel> spooledModels = new ConcurrentHashMap<>();

    public SessionStore(TrackingStore store, TrackedRuns runs, OfflineSpool offline, long decisionMillis) {
        this.store = store;
        this.runs = runs;
        this.offline = offline;
        this.decisionMillis = decisionMillis;
    }

    @Override
    protected TrackingStore store() {
        return store;
    }

    /** The store making one attempt per call (opened when first needed: not on a training thread). */
    private TrackingStore oneAttempt() {
        TrackingStore s = oneAttemptStore;
        if (s == null) oneAttemptStore = s = store.withoutRetries(0);
        return s;
    }

    /** The store this session wraps. */
    public TrackingStore underlying() {
        return store;
    }

    @Override
    public String uri() {
        return store.uri();
    }

    // ---- where a call goes

    /** The session's run for {@code runId}, once its creation was tried (bounded); null for a run it did not start. */
    private TrackedRun run(String runId) {
        TrackedRun r = runs.get(runId);
        if (r != null && r.isUndecided()) r.awaitDecision(decisionMillis);
        return r;
    }

    /** Counts what reached the store for the run's summary line, also for a run that already ended. */
    private void counted(TrackedRun r, String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        TrackedRun run = r != null ? r : runs.ended(runId);
        if (run != null) run.counted(metrics, params, tags);
    }

    private boolean toSpool(TrackedRun r) {
        return offline.isOffline() || (r != null && (r.goesToSpool() || r.isUndecided()));
    }

    /** The store's id of a run: the session's mapping, or one a replay recorded, else {@code runId} itself. */
    private String storeId(TrackedRun r, String runId) {
        if (r != null) return r.id();
        String ended = runs.endedStoreId(runId);
        if (ended != null) return ended;
        String mapped = offline.mappedId(runId);
        return mapped != null ? mapped : runId;
    }

    private String modelId(String modelId) {
        String mapped = offline.mappedId(modelId);
        return mapped != null ? mapped : modelId;
    }

    private interface SpoolWrite {
        void to(SpoolOps ops) throws IOException;
    }

    private void spool(TrackedRun r, String what, SpoolWrite write) {
        try {
            offline.ensureCreation(r);
            write.to(offline.ops());
            if (r != null) r.markSpooled();
            offline.written(r);
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "could not " + what + ": " + store.uri()
                    + " does not take data now and the spool " + offline.dir() + " cannot be written: "
                    + e.getMessage());
        }
    }

    /**
     * The store did not take a write: rethrows {@code e} unless it is worth keeping for later, else sends the session
     * offline; the caller then spools the write. (Each write spells out its try and catch: two lambdas per write,
     * linked on the training's first run, cost more than the repetition.)
     */
    private void wentOffline(MlflowException e) {
        if (!Failures.isWorthKeeping(e)) throw e;
        offline.goOffline(e, "; what runs log goes");
    }

    private void checkOnline(String what) {
        if (offline.isOffline()) {
            throw new MlflowHttpException(MlflowException.IO_ERROR, "cannot " + what + " now: " + store.uri()
                    + " does not take requests (" + offline.offlineReason() + "); what runs log waits in the local"
                    + " spool " + offline.dir(), 0);
        }
    }

    // ---- runs

    @Override
    public Run getRun(String runId) {
        TrackedRun r = run(runId);
        if (r != null && r.creation() != null && toSpool(r)) return known(r);
        checkOnline("read run " + runId);
        return store.getRun(storeId(r, runId));
    }

    /** A run of the session as the session knows it (the store does not have it now, or does not answer). */
    private static Run known(TrackedRun r) {
        TrackedRun.Creation c = r.creation();
        String artifacts = r.artifactUri() != null ? r.artifactUri() : SpoolOps.PLACEHOLDER + "runs/" + r.key();
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : c.tags()) tags.put(t.key(), t.value());
        RunInfo info = new RunInfo(r.id(), r.experimentId() == null ? "0" : r.experimentId(), c.runName(), c.userId(),
                RunStatus.RUNNING, c.startTime(), null, artifacts, LifecycleStage.ACTIVE);
        return new Run(info, new RunData(List.of(), Map.of(), tags));
    }

    @Override
    public RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName) {
        TrackedRun r = run(runId);
        if (runName == null && status != null && toSpool(r)) return spoolEnd(r, runId, status, endTime);
        if (runName != null) checkOnline("rename run " + runId);
        try {
            return oneAttempt().updateRunInfo(storeId(r, runId), status, endTime, runName);
        } catch (MlflowException e) {
            wentOffline(e);
            return spoolEnd(r, runId, status, endTime);
        }
    }

    private RunInfo spoolEnd(TrackedRun r, String runId, RunStatus status, Long endTime) {
        long end = endTime == null ? System.currentTimeMillis() : endTime;
        spool(r, "end run " + runId, ops -> ops.updateRun(r != null ? r.spoolId() : runId, status, end));
        return r != null && r.creation() != null ? known(r).info() : null;
    }

    @Override
    public void deleteRun(String runId) {
        checkOnline("delete run " + runId);
        store.deleteRun(storeId(run(runId), runId));
    }

    @Override
    public void restoreRun(String runId) {
        checkOnline("restore run " + runId);
        store.restoreRun(storeId(run(runId), runId));
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        TrackedRun r = run(runId);
        if (toSpool(r)) {
            spoolBatch(r, runId, metrics, params, tags);
        } else {
            try {
                oneAttempt().logBatch(storeId(r, runId), metrics, params, tags);
            } catch (MlflowException e) {
                wentOffline(e);
                spoolBatch(r, runId, metrics, params, tags);
            }
        }
        counted(r, runId, metrics, params, tags);
    }

    private void spoolBatch(TrackedRun r, String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        spool(r, "log to run " + runId, ops -> ops.logBatch(r != null ? r.spoolId() : runId, metrics, params, tags));
    }

    @Override
    public List<Metric> getMetricHistory(String runId, String key) {
        checkOnline("read metric " + key + " of run " + runId);
        return store.getMetricHistory(storeId(run(runId), runId), key);
    }

    @Override
    public void deleteTag(String runId, String key) {
        checkOnline("delete tag " + key + " of run " + runId);
        store.deleteTag(storeId(run(runId), runId), key);
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        TrackedRun r = run(runId);
        if (toSpool(r)) {
            spoolInputs(r, runId, inputs);
            return;
        }
        try {
            oneAttempt().logInputs(storeId(r, runId), inputs);
        } catch (MlflowException e) {
            wentOffline(e);
            spoolInputs(r, runId, inputs);
        }
    }

    private void spoolInputs(TrackedRun r, String runId, List<DatasetInput> inputs) {
        spool(r, "log inputs of run " + runId, ops -> ops.logInputs(r != null ? r.spoolId() : runId, inputs));
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        checkOnline("search runs");
        return store.searchRuns(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
    }

    @Override
    public Experiment getExperimentByName(String name) {
        checkOnline("look up experiment '" + name + "'");
        return store.getExperimentByName(name);
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        checkOnline("read experiment " + experimentId);
        return store.getExperiment(experimentId);
    }

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        checkOnline("create experiment '" + name + "'");
        return store.createExperiment(name, artifactLocation, tags);
    }

    // ---- logged models

    @Override
    public LoggedModel createLoggedModel(String experimentId, String name, String sourceRunId, List<Tag> tags,
                                         List<Param> params, String modelType) {
        TrackedRun r = run(sourceRunId);
        if (toSpool(r)) return spoolModel(r, experimentId, name, sourceRunId, tags, params, modelType);
        try {
            return oneAttempt().createLoggedModel(experimentId, name, storeId(r, sourceRunId), tags, params, modelType);
        } catch (MlflowException e) {
            wentOffline(e);
            return spoolModel(r, experimentId, name, sourceRunId, tags, params, modelType);
        }
    }

    private LoggedModel spoolModel(TrackedRun r, String experimentId, String name, String sourceRunId, List<Tag> tags,
                                   List<Param> params, String modelType) {
        String id = Ids.modelId();
        String run = sourceRunId == null ? null : r != null ? r.spoolId() : sourceRunId;
        spool(r, "log model '" + name + "'", ops -> ops.createLoggedModel(id, experimentId, name, run, tags, params,
                modelType));
        long now = System.currentTimeMillis();
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (Tag t : tags) tagMap.put(t.key(), t.value());
        Map<String, String> paramMap = new LinkedHashMap<>();
        for (Param p : params) paramMap.put(p.key(), p.value());
        LoggedModel m = new LoggedModel(id, experimentId, name, SpoolOps.PLACEHOLDER + "models/" + id, now, now,
                modelType, sourceRunId, LoggedModelStatus.PENDING, null, tagMap, paramMap, List.of());
        spooledModels.put(id, m);
        return m;
    }

    /** A model created in the spool keeps going through it, so a replay gives it its files before it is READY. */
    private boolean modelToSpool(String modelId) {
        return offline.isOffline() || spooledModels.containsKey(modelId);
    }

    @Override
    public LoggedModel getLoggedModel(String modelId) {
        LoggedModel m = spooledModels.get(modelId);
        if (m != null && (offline.isOffline() || offline.mappedId(modelId) == null)) return m;
        checkOnline("read logged model " + modelId);
        return store.getLoggedModel(modelId(modelId));
    }

    @Override
    public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
        if (modelToSpool(modelId)) return spoolFinalize(modelId, status);
        try {
            return oneAttempt().finalizeLoggedModel(modelId(modelId), status);
        } catch (MlflowException e) {
            wentOffline(e);
            return spoolFinalize(modelId, status);
        }
    }

    private LoggedModel spoolFinalize(String modelId, LoggedModelStatus status) {
        spool(null, "finalize logged model " + modelId, ops -> ops.finalizeLoggedModel(modelId, status));
        LoggedModel m = spooledModels.get(modelId);
        return m == null ? null : new LoggedModel(m.modelId(), m.experimentId(), m.name(), m.artifactLocation(),
                m.creationTimestamp(), System.currentTimeMillis(), m.modelType(), m.sourceRunId(), status, null,
                m.tags(), m.params(), m.metrics());
    }

    @Override
    public void setLoggedModelTags(String modelId, List<Tag> tags) {
        if (modelToSpool(modelId)) {
            spoolModelTags(modelId, tags);
            return;
        }
        try {
            oneAttempt().setLoggedModelTags(modelId(modelId), tags);
        } catch (MlflowException e) {
            wentOffline(e);
            spoolModelTags(modelId, tags);
        }
    }

    private void spoolModelTags(String modelId, List<Tag> tags) {
        spool(null, "tag logged model " + modelId, ops -> ops.setLoggedModelTags(modelId, tags));
    }

    @Override
    public void logLoggedModelParams(String modelId, List<Param> params) {
        if (modelToSpool(modelId)) {
            spoolModelParams(modelId, params);
            return;
        }
        try {
            oneAttempt().logLoggedModelParams(modelId(modelId), params);
        } catch (MlflowException e) {
            wentOffline(e);
            spoolModelParams(modelId, params);
        }
    }

    private void spoolModelParams(String modelId, List<Param> params) {
        spool(null, "log params of logged model " + modelId, ops -> ops.logLoggedModelParams(modelId, params));
    }

    @Override
    public void logModelMetrics(String modelId, String runId, List<Metric> metrics) {
        TrackedRun r = run(runId);
        if (toSpool(r) || modelToSpool(modelId)) {
            spoolModelMetrics(r, modelId, runId, metrics);
        } else {
            try {
                oneAttempt().logModelMetrics(modelId(modelId), runId == null ? null : storeId(r, runId), metrics);
            } catch (MlflowException e) {
                wentOffline(e);
                spoolModelMetrics(r, modelId, runId, metrics);
            }
        }
        counted(r, runId, metrics, List.of(), List.of());
    }

    private void spoolModelMetrics(TrackedRun r, String modelId, String runId, List<Metric> metrics) {
        spool(r, "log metrics of logged model " + modelId, ops -> ops.logModelMetrics(modelId,
                runId == null ? null : r != null ? r.spoolId() : runId, metrics));
    }

    @Override
    public Page<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter, int maxResults,
                                                String pageToken) {
        checkOnline("search logged models");
        return store.searchLoggedModels(experimentIds, filter, maxResults, pageToken);
    }

    @Override
    public void logOutputs(String runId, List<String> modelIds) {
        TrackedRun r = run(runId);
        boolean anySpooled = false;
        for (String id : modelIds) anySpooled |= modelToSpool(id);
        if (toSpool(r) || anySpooled) {
            spoolOutputs(r, runId, modelIds);
            return;
        }
        List<String> ids = new ArrayList<>();
        for (String id : modelIds) ids.add(modelId(id));
        try {
            oneAttempt().logOutputs(storeId(r, runId), ids);
        } catch (MlflowException e) {
            wentOffline(e);
            spoolOutputs(r, runId, modelIds);
        }
    }

    private void spoolOutputs(TrackedRun r, String runId, List<String> modelIds) {
        spool(r, "log outputs of run " + runId, ops -> ops.logOutputs(r != null ? r.spoolId() : runId, modelIds));
    }

    // ---- artifacts

    @Override
    public ArtifactRepository artifactRepository(String artifactUri) {
        if (artifactUri.startsWith(SpoolOps.PLACEHOLDER) || offline.isOffline()) {
            return new SpoolingArtifacts(artifactUri, null, null, offline);
        }
        if (!store.isRemote()) return store.artifactRepository(artifactUri);
        return new SpoolingArtifacts(artifactUri, oneAttempt().artifactRepository(artifactUri),
                store.artifactRepository(artifactUri), offline);
    }
}
