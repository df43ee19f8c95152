package io.jmlflow;

import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.session.Session;
import io.jmlflow.internal.writer.TrackedRun;

import java.util.Map;

/**
 * A run started through {@link Mlflow}. Logging through it is asynchronous. {@link #close()} ends it FINISHED,
 * so {@code try (ActiveRun run = Mlflow.startRun()) { ... }} always ends the run; to end it FAILED on an exception
 * use {@link Mlflow#withRun} or call {@link #end(RunStatus)} in a catch block.
 */
public final class ActiveRun implements AutoCloseable {
    private final Session session;
    private final TrackedRun tracked;
    private final String runName;
    private final ActiveRun parent;
    private final boolean createdByAutolog;
    final Thread owner;
    private volatile RunStatus endStatus;

    ActiveRun(Session session, TrackedRun tracked, String runName, ActiveRun parent, boolean createdByAutolog) {
        this.session = session;
        this.tracked = tracked;
        this.runName = runName;
        this.parent = parent;
        this.createdByAutolog = createdByAutolog;
        this.owner = Thread.currentThread();
    }

    /**
     * The run's id in the store. On a tracking server that has not answered the run's creation yet, the id the run
     * was started under (what it logs meanwhile waits in the local spool); the server's id once it is known.
     */
    public String runId() { return tracked.id(); }

    /** The experiment's id (null while an experiment set by name waits for the store to answer). */
    public String experimentId() { return tracked.experimentId(); }

    public String runName() { return runName; }

    /** The run this one is nested in, or null. */
    public ActiveRun parent() { return parent; }

    /** True when autologging (not the user) started this run. */
    public boolean createdByAutolog() { return createdByAutolog; }

    /** True once the run was ended. */
    public boolean isEnded() { return endStatus != null; }

    /** The run as the store has it now (waits for pending writes first). */
    public Run fetch() {
        session.logger().flush(Mlflow.flushTimeoutMillis());
        return session.client().getRun(runId());
    }

    /** Logs a param, its value written as Python's {@code str()} writes it ({@code None}, {@code 0.0001}). */
    public ActiveRun logParam(String key, Object value) {
        session.logger().logParam(tracked.key(), key, value);
        return this;
    }

    public ActiveRun logParams(Map<String, ?> values) {
        for (Map.Entry<String, ?> e : values.entrySet()) logParam(e.getKey(), e.getValue());
        return this;
    }

    public ActiveRun logMetric(String key, double value) {
        return logMetric(key, value, 0, System.currentTimeMillis());
    }

    public ActiveRun logMetric(String key, double value, long step) {
        return logMetric(key, value, step, System.currentTimeMillis());
    }

    public ActiveRun logMetric(String key, double value, long step, long timestamp) {
        session.logger().logMetric(tracked.key(), key, value, timestamp, step);
        return this;
    }

    public ActiveRun logMetrics(Map<String, ? extends Number> values, long step) {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            logMetric(e.getKey(), e.getValue().doubleValue(), step, now);
        }
        return this;
    }

    /** Sets a tag; the value is written as Python's {@code str()} writes it. */
    public ActiveRun setTag(String key, Object value) {
        session.logger().setTag(tracked.key(), key, value);
        return this;
    }

    /**
     * Records {@code dataset} as an input of this run with input tag {@code mlflow.data.context=<context>}
     * (no tag when {@code context} is null). Never throws: a failure is a warning.
     */
    public ActiveRun logInput(io.jmlflow.entities.Dataset dataset, String context) {
        if (dataset == null) return this;
        try {
            java.util.Map<String, String> inputTags = context == null ? Map.of() : Map.of("mlflow.data.context", context);
            session.client().logInputs(tracked.key(),
                    java.util.List.of(new io.jmlflow.entities.DatasetInput(dataset, inputTags)));
        } catch (RuntimeException e) {
            io.jmlflow.internal.Log.warn("could not log dataset '" + dataset.name() + "' as input of run " + runId()
                    + ": " + e.getMessage());
        }
        return this;
    }

    /**
     * Writes {@code content} as the artifact file {@code artifactFile} (e.g. {@code "plots/roc_curve.png"}).
     * Never throws: a failure is a warning.
     */
    public ActiveRun logArtifact(String artifactFile, byte[] content) {
        if (artifactFile == null || content == null) return this;
        try {
            artifacts().write(artifactFile, content);
        } catch (java.io.IOException | RuntimeException e) {
            io.jmlflow.internal.Log.warn("could not log artifact " + artifactFile + " to run " + runId() + ": "
                    + e.getMessage());
        }
        return this;
    }

    /**
     * The run's artifact repository. Its location is read from the store once per run (the whole run is read for it),
     * then kept: a run's artifact location never changes. A spooled run's stand-in location is not kept.
     */
    private io.jmlflow.internal.artifacts.ArtifactRepository artifacts() {
        io.jmlflow.internal.store.TrackingStore store = session.client().store();
        String uri = tracked.artifactUri();
        if (uri == null) {
            uri = store.getRun(tracked.key()).info().artifactUri();
            if (!uri.startsWith(io.jmlflow.internal.SpoolOps.PLACEHOLDER)) tracked.artifactsAt(uri);
        }
        return store.artifactRepository(uri);
    }

    /**
     * Logs {@code model} as an MLflow 3 logged model of this run, once what the run logged so far is written, and
     * counts it in the run's summary line; returns it, or null with a warning when it could not be logged.
     */
    public io.jmlflow.entities.LoggedModel logModel(Object model, String name, Map<String, String> params) {
        try {
            session.logger().flush(Mlflow.flushTimeoutMillis());
            // the run's experiment is known here: no read of the whole run to find it
            io.jmlflow.entities.LoggedModel m = io.jmlflow.internal.models.ModelLogging.log(session.client().store(),
                    runId(), tracked.experimentId(), model, name, params == null ? Map.of() : params);
            if (m != null && m.status() == io.jmlflow.entities.LoggedModelStatus.READY) tracked.countModel();
            return m;
        } catch (RuntimeException e) {
            io.jmlflow.internal.Log.warn("could not log model '" + name + "' of run " + runId() + ": "
                    + e.getMessage());
            return null;
        }
    }

    /** Ends the run with the given status (idempotent), flushing what it logged. */
    public void end(RunStatus status) {
        Mlflow.end(this, status);
    }

    boolean markEnded(RunStatus status) {
        synchronized (this) {
            if (endStatus != null) return false;
            endStatus = status;
            return true;
        }
    }

    Session session() { return session; }

    TrackedRun tracked() { return tracked; }

    /** The id the run was started under, which keys what it logs. */
    String key() { return tracked.key(); }

    /** Ends the run FINISHED unless it was already ended. */
    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }

    @Override
    public String toString() {
        return "ActiveRun[" + runName + ", " + runId() + "]";
    }
}
