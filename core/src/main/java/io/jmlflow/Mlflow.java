package io.jmlflow;

import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.SystemTags;
import io.jmlflow.internal.session.ExitHook;
import io.jmlflow.internal.session.ExperimentChoice;
import io.jmlflow.internal.session.RunStack;
import io.jmlflow.internal.session.RunStarts;
import io.jmlflow.internal.session.RunSummary;
import io.jmlflow.internal.session.Session;
import io.jmlflow.internal.store.DeferredStore;
import io.jmlflow.internal.store.Stores;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.writer.TrackedRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The fluent API, mirroring Python's {@code mlflow} module. Runs are per thread: each thread has its own stack of
 * active runs. Logging is asynchronous and never throws into the caller for bad input or a failing store: it
 * warns once and goes on. Logging with no active run starts one, as in MLflow.
 *
 * <pre>{@code
 * Mlflow.setExperiment("fraud");
 * try (ActiveRun run = Mlflow.startRun("baseline")) {
 *     Mlflow.logParam("trees", 100);
 *     Mlflow.logMetric("auc", 0.93);
 * }
 * }</pre>
 */
public final class Mlflow {
    private static final Object LOCK = new Object();
    private static volatile Session session;
    private static volatile boolean envRunIdUsed;
    /** Set once the exit hook used the flush bound: later flushes get a short last chance. */
    private static volatile boolean exitFlushed;

    private Mlflow() {
    }

    // ------------------------------------------------------------------ configuration

    /** Sets the tracking URI for this JVM ({@code sqlite:///mlflow.db}, {@code file:./mlruns}, {@code http://host:5000}). */
    public static void setTrackingUri(String uri) {
        synchronized (LOCK) {
            MlflowConfig.set(MlflowConfig.TRACKING_URI, uri);
            closeSession();
            ExperimentChoice.reset();
        }
    }

    /** The tracking URI in effect (configured, or MLflow 3's default {@code sqlite:///mlflow.db}). */
    public static String getTrackingUri() {
        Session s = session;
        return s != null ? s.trackingUri() : MlflowConfig.trackingUri();
    }

    /** The synchronous client for the current tracking URI. */
    public static MlflowClient client() {
        return session().client();
    }

    static Session session() {
        Session s = session;
        if (s == null) {
            synchronized (LOCK) {
                s = session;
                if (s == null) {
                    io.jmlflow.internal.WarmUp.stop();
                    String uri = MlflowConfig.trackingUri();
                    // stores open in the background: the first run's training call need not wait for that (a local
                    // store when first needed, or 30 s later; a tracking server's client at once)
                    TrackingStore store = Stores.isRemote(uri) ? DeferredStore.open(uri, new StoreOpener(), 0)
                            : Stores.isLocal(uri) ? DeferredStore.open(uri, new StoreOpener()) : openStore(uri);
                    s = new Session(store, Stores.isRemote(uri));
                    s.attach(new MlflowClient(s.store()));
                    session = s;
                    ExitHook.install(new Runnable() { // not a method reference: see StoreOpener
                        @Override
                        public void run() {
                            onExit();
                        }
                    });
                }
            }
        }
        return s;
    }

    /**
     * {@link #openStore} for the background start of a local store. A class, not a method reference: the first
     * training call creates it, and linking a lambda or method reference there costs a millisecond or more.
     */
    private static final class StoreOpener implements java.util.function.Function<String, TrackingStore> {
        @Override
        public TrackingStore apply(String uri) {
            return openStore(uri);
        }
    }

    /** The store at {@code uri}, or (warned) one whose every call fails with the reason it could not be opened. */
    private static TrackingStore openStore(String uri) {
        try {
            return Stores.open(uri);
        } catch (RuntimeException e) {
            Log.warn("cannot open the tracking store " + uri + ": " + e.getMessage()
                    + "; nothing will be logged until this is fixed (training goes on)");
            return io.jmlflow.internal.store.UnavailableStore.create(uri, "the tracking store " + uri
                    + " could not be opened: " + e.getMessage());
        }
    }

    private static void closeSession() {
        Session s = session;
        session = null;
        if (s != null) {
            io.jmlflow.internal.SystemMetricsMonitor.stopAll(); // their runs log through this session
            s.close();
        }
    }

    static long flushTimeoutMillis() {
        long bound = MlflowConfig.getLong("flush.timeout.ms", 10_000);
        return exitFlushed ? Math.min(bound, 500) : bound; // at exit the first flush already used the bound
    }

    /**
     * Makes {@code name} the active experiment, creating it when missing (restoring it when deleted is left to the
     * user, as in MLflow: a deleted experiment raises). Asks the store once, within {@code run.create.timeout.ms};
     * when it does not answer, returns null (warned) and runs started meanwhile are created in it later.
     */
    public static Experiment setExperiment(String name) {
        return ExperimentChoice.set(session(), name);
    }

    /**
     * Makes the experiment with this id the active one. Asks the store once within {@code run.create.timeout.ms};
     * when it does not answer, the id is used as it is and null is returned (warned).
     */
    public static Experiment setExperimentById(String experimentId) {
        return ExperimentChoice.setById(session(), experimentId);
    }

    /**
     * The experiment new runs go to: set by {@link #setExperiment}, else MLFLOW_EXPERIMENT_NAME/ID, else "0" (also
     * while an experiment set by name waits for the store to answer).
     */
    public static String activeExperimentId() {
        String id = ExperimentChoice.activeId(session());
        return id != null ? id : "0";
    }

    // ------------------------------------------------------------------ autologging

    /**
     * Turns on autologging with the configured options ({@code autolog.*} keys, see {@link AutologOptions}), as
     * {@code mlflow.autolog()} does. When the JVM was started without {@code -javaagent:mlflow-agent.jar}, the agent
     * is attached now (classes loaded before this call are instrumented too); when that is not allowed, a warning
     * says which JVM flag or {@code -javaagent} line fixes it. Never throws.
     */
    public static void autolog() {
        autolog(AutologOptions.create());
    }

    /** As {@link #autolog()} with explicit options; {@code disable(true)} turns autologging off again. */
    public static void autolog(AutologOptions options) {
        AutologOptions copy = options.copy();
        io.jmlflow.internal.autolog.AutologState.configure(copy);
        Log.setSilent(copy.silent());
        if (!copy.disable()) io.jmlflow.internal.autolog.AgentAttacher.ensureInstalled();
    }

    // ------------------------------------------------------------------ runs

    public static ActiveRun startRun() {
        return startRun(RunOptions.create());
    }

    public static ActiveRun startRun(String runName) {
        return startRun(RunOptions.named(runName));
    }

    /**
     * Starts (or resumes) a run and makes it the thread's active run. With a run already active, {@code nested}
     * must be set, as in MLflow; the new run then carries {@code mlflow.parentRunId}. A new run never waits through
     * retries: on a tracking server that does not answer within {@code run.create.timeout.ms} it is created later
     * (its data waits in the local spool), and {@link ActiveRun#runId()} is the server's id once it is known.
     */
    public static ActiveRun startRun(RunOptions options) {
        ActiveRun parent = options.parent != null ? options.parent : RunStack.current();
        if (parent != null && !options.nested && options.parent == null) {
            throw new MlflowException(MlflowException.INVALID_STATE, "run " + parent.runId() + " is already active on "
                    + "this thread; end it first or start the new one with RunOptions.nested(true)");
        }
        Session s = session();
        String resume = options.resumeRunId;
        if (resume == null && parent == null && !envRunIdUsed) {
            String envRun = MlflowConfig.get(MlflowConfig.RUN_ID);
            if (envRun != null) {
                envRunIdUsed = true;
                resume = envRun;
            }
        }
        ActiveRun run;
        boolean autolog = options.autologIntegration != null;
        if (resume != null) {
            Run existing = RunStarts.resume(s, resume, options.runName);
            TrackedRun tracked = s.runs().created(resume, null,
                    existing == null ? null : existing.info().experimentId());
            run = new ActiveRun(s, tracked, options.runName != null ? options.runName
                    : existing != null ? existing.info().runName() : null, parent, false);
        } else {
            Map<String, String> tags = new LinkedHashMap<>(options.tags);
            if (parent != null) tags.put(SystemTags.PARENT_RUN_ID, parent.runId());
            if (autolog) tags.put(SystemTags.AUTOLOGGING, options.autologIntegration);
            // autologging's runs do not wait for the store: an experiment known only by name is resolved where the
            // run is created (the writer, or a local store's own thread)
            String experimentId = options.experimentId != null ? options.experimentId
                    : parent != null ? parent.experimentId()
                    : autolog ? ExperimentChoice.knownId(s) : ExperimentChoice.activeId(s);
            String experimentName = experimentId == null
                    ? (autolog ? ExperimentChoice.nameToResolve() : ExperimentChoice.pendingName()) : null;
            TrackedRun tracked = RunStarts.start(s, experimentId, experimentName, options.runName, tags, autolog);
            run = new ActiveRun(s, tracked, tracked.creation().runName(), parent, autolog);
        }
        RunStack.push(run);
        if (options.logSystemMetrics != null ? options.logSystemMetrics
                : MlflowConfig.getBoolean(AutologOptions.ENABLE_SYSTEM_METRICS_LOGGING, false)) {
            io.jmlflow.internal.SystemMetricsMonitor.start(run);
        }
        return run;
    }

    /**
     * Logs system metrics for runs started from now on, as {@code mlflow.enable_system_metrics_logging()} (sets
     * {@code enable.system.metrics.logging}; the sampling interval is {@code system.metrics.sampling.interval}
     * seconds, default 10).
     */
    public static void enableSystemMetricsLogging() {
        MlflowConfig.set(AutologOptions.ENABLE_SYSTEM_METRICS_LOGGING, "true");
    }

    /** Stops logging system metrics for runs started from now on. */
    public static void disableSystemMetricsLogging() {
        MlflowConfig.set(AutologOptions.ENABLE_SYSTEM_METRICS_LOGGING, "false");
    }

    /** The thread's active run, or null. */
    public static ActiveRun activeRun() {
        return RunStack.current();
    }

    /** The most recently started run of any thread (active or ended), or null. */
    public static ActiveRun lastActiveRun() {
        return RunStack.lastActive();
    }

    /** Ends the thread's active run FINISHED. */
    public static void endRun() {
        endRun(RunStatus.FINISHED);
    }

    public static void endRun(RunStatus status) {
        ActiveRun run = activeRun();
        if (run != null) end(run, status);
    }

    /**
     * Ends a run: after its post-training work (bounded), children left open first, then the end goes to the writer
     * behind everything the run logged, and returns as soon as that is written (bounded by {@code flush.timeout.ms});
     * the run's summary line follows.
     */
    static void end(ActiveRun run, RunStatus status) {
        if (!run.isEnded()) awaitPostTrainingWork(run);
        if (!beginEnd(run, status)) return;
        long bound = flushTimeoutMillis();
        boolean flushed = false;
        try {
            flushed = run.session().logger().flush(bound);
        } finally {
            finishEnd(run, status, bound, flushed);
        }
    }

    /** Marks the run ended and hands its end to the writer (children first); false when it was ended already. */
    private static boolean beginEnd(ActiveRun run, RunStatus status) {
        if (!run.markEnded(status)) return false;
        io.jmlflow.internal.SystemMetricsMonitor.stop(run);
        // End children left open first, as MLflow's end_run does for the stack top.
        for (ActiveRun child : RunStack.openAbove(run)) end(child, status);
        RunStack.ending(run);
        run.session().logger().endRun(run.key(), status, System.currentTimeMillis());
        return true;
    }

    /** After the flush: the run's summary line, and the run leaves the active runs. */
    private static void finishEnd(ActiveRun run, RunStatus status, long bound, boolean flushed) {
        try {
            Session s = run.session();
            s.logger().forgetRun(run.key());
            Log.info(RunSummary.of(s, run.tracked(), status, bound, flushed));
            run.tracked().summaryPrinted(new RunSummary.Again(s, status, bound));
        } finally {
            RunStack.done(run);
        }
    }

    /** Lets the run's post-training work finish (bounded; not at all on exit, where the hook waited already). */
    private static void awaitPostTrainingWork(ActiveRun run) {
        boolean exiting = ExitHook.isExiting();
        long bound = exiting ? 0 : flushTimeoutMillis();
        long start = System.nanoTime();
        // autologging hands its work over under the id the run had then: ours, or the server's once it answered
        boolean done = io.jmlflow.internal.autolog.PostTrainingWork.awaitRun(run.key(), bound);
        long left = Math.max(0, bound - (System.nanoTime() - start) / 1_000_000);
        if (!run.runId().equals(run.key())) {
            done &= io.jmlflow.internal.autolog.PostTrainingWork.awaitRun(run.runId(), left);
        }
        if (!done && !exiting) {
            Log.warn("post-training work of run " + run.runId() + " did not finish within the flush bound of " + bound
                    + " ms; the run is ended now and that work goes on: "
                    + io.jmlflow.internal.autolog.PostTrainingWork.pending().stream()
                    .filter(w -> w.contains(run.key())).toList());
        }
    }

    /**
     * Runs {@code body} inside a new run (nested when one is active) that ends FINISHED, or FAILED when the body
     * throws; the exception propagates unchanged.
     */
    public static <T> T withRun(RunOptions options, Callable<T> body) throws Exception {
        RunOptions o = activeRun() != null ? options.nested(true) : options;
        ActiveRun run = startRun(o);
        try {
            T result = body.call();
            end(run, RunStatus.FINISHED);
            return result;
        } catch (Throwable t) {
            end(run, RunStatus.FAILED);
            throw t;
        }
    }

    /** The thread's active run, starting one when there is none (MLflow's behaviour for log calls). */
    private static ActiveRun runForLogging() {
        ActiveRun run = activeRun();
        if (run != null) return run;
        try {
            return startRun();
        } catch (RuntimeException e) {
            Log.warnOnce("autostart:" + e.getMessage(), "could not start a run to log into: " + e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ logging (never throws)

    public static void logParam(String key, Object value) {
        ActiveRun r = runForLogging();
        if (r != null) r.logParam(key, value);
    }

    public static void logParams(Map<String, ?> params) {
        ActiveRun r = runForLogging();
        if (r != null) r.logParams(params);
    }

    public static void logMetric(String key, double value) {
        ActiveRun r = runForLogging();
        if (r != null) r.logMetric(key, value);
    }

    public static void logMetric(String key, double value, long step) {
        ActiveRun r = runForLogging();
        if (r != null) r.logMetric(key, value, step);
    }

    public static void logMetric(String key, double value, long step, long timestamp) {
        ActiveRun r = runForLogging();
        if (r != null) r.logMetric(key, value, step, timestamp);
    }

    public static void logMetrics(Map<String, ? extends Number> metrics) {
        logMetrics(metrics, 0);
    }

    public static void logMetrics(Map<String, ? extends Number> metrics, long step) {
        ActiveRun r = runForLogging();
        if (r != null) r.logMetrics(metrics, step);
    }

    public static void setTag(String key, Object value) {
        ActiveRun r = runForLogging();
        if (r != null) r.setTag(key, value);
    }

    public static void setTags(Map<String, ?> tags) {
        ActiveRun r = runForLogging();
        if (r != null) tags.forEach(r::setTag);
    }

    public static void deleteTag(String key) {
        ActiveRun r = activeRun();
        if (r == null) return;
        guarded("delete tag " + key, () -> {
            r.session().logger().flush(flushTimeoutMillis());
            r.session().client().deleteTag(r.runId(), key);
        });
    }

    /** Copies a local file into the run's artifacts (under {@code artifactPath}, which may be null). */
    public static void logArtifact(Path localFile, String artifactPath) {
        ActiveRun r = runForLogging();
        if (r != null) {
            guarded("log artifact " + localFile,
                    () -> r.session().client().logArtifact(r.runId(), localFile, artifactPath));
        }
    }

    public static void logArtifact(Path localFile) {
        logArtifact(localFile, null);
    }

    public static void logArtifacts(Path localDir, String artifactPath) {
        ActiveRun r = runForLogging();
        if (r != null) {
            guarded("log artifacts " + localDir,
                    () -> r.session().client().logArtifacts(r.runId(), localDir, artifactPath));
        }
    }

    /** Writes {@code text} to the artifact file {@code artifactFile} (e.g. {@code "notes/summary.txt"}). */
    public static void logText(String text, String artifactFile) {
        ActiveRun r = runForLogging();
        if (r == null) return;
        guarded("log text " + artifactFile, () -> r.logArtifact(artifactFile, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The artifact root URI of the active run. */
    public static String getArtifactUri() {
        ActiveRun r = runForLogging();
        return r == null ? null : r.session().client().getRun(r.runId()).info().artifactUri();
    }

    /**
     * Logs {@code model} as an MLflow 3 logged model of the active run (starting one when none is active);
     * returns it, or null with a warning when it could not be logged.
     */
    public static LoggedModel logModel(Object model, String name) {
        return logModel(model, name, Map.of());
    }

    /** Logs a model with params of its own (shown on the model page, as Python's {@code log_model(params=...)}). */
    public static LoggedModel logModel(Object model, String name, Map<String, String> params) {
        ActiveRun r = runForLogging();
        return r == null ? null : r.logModel(model, name, params);
    }

    /** Loads a model: {@code models:/<id>}, {@code runs:/<run_id>/<name>}, {@code models:/<name>/<version>|@<alias>}. */
    @SuppressWarnings("unchecked")
    public static <T> T loadModel(String modelUri) {
        Session s = session();
        flush(); // a model autologging is still saving after training must be there to load
        return (T) s.client().loadModel(modelUri);
    }

    /** Runs of the active experiment matching {@code filter}, newest first. */
    public static List<Run> searchRuns(String filter) {
        return searchRuns(List.of(activeExperimentId()), filter, null);
    }

    public static List<Run> searchRuns(List<String> experimentIds, String filter, List<String> orderBy) {
        Session s = session();
        s.logger().flush(flushTimeoutMillis());
        List<Run> out = new ArrayList<>();
        String token = null;
        do {
            var page = s.client().searchRuns(experimentIds, filter, ViewType.ACTIVE_ONLY, 1000, orderBy, token);
            out.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    /**
     * Waits (bounded by {@code flush.timeout.ms}, default 10 s, in all) until pending post-training work is done and
     * everything logged so far is written.
     */
    public static boolean flush() {
        long bound = flushTimeoutMillis();
        long start = System.nanoTime();
        boolean workDone = io.jmlflow.internal.autolog.PostTrainingWork.awaitAll(bound);
        long left = Math.max(0, bound - (System.nanoTime() - start) / 1_000_000);
        Session s = session;
        return (s == null || s.logger().flush(left)) && workDone;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void guarded(String what, IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            Log.warn("could not " + what + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * At exit: let post-training work finish and flush, within the bound in all; keep what is left in the spool (never
     * a batch being sent); then end the runs still active (FINISHED, as MLflow's atexit does), each with its summary
     * line. The whole exit costs at most about one flush bound.
     */
    private static void onExit() {
        long bound = flushTimeoutMillis();
        long start = System.nanoTime();
        if (!io.jmlflow.internal.autolog.PostTrainingWork.awaitAll(bound)) {
            Log.warn("post-training work did not finish within the flush bound of " + bound + " ms at exit and is"
                    + " cut off with the JVM (raise flush.timeout.ms to give it more time): "
                    + io.jmlflow.internal.autolog.PostTrainingWork.pending());
        }
        // The runs still active end FINISHED, after what they logged: their ends join the one flush below.
        List<ActiveRun> ending = new ArrayList<>();
        for (ActiveRun r : RunStack.allActive()) {
            try {
                if (!r.isEnded() && beginEnd(r, RunStatus.FINISHED)) ending.add(r);
            } catch (RuntimeException ignored) {
                // keep going: exit must not hang or throw
            }
        }
        // The writer always gets a short last chance, so the total stays about one bound.
        long left = Math.max(Math.min(bound, 500), bound - (System.nanoTime() - start) / 1_000_000);
        Session s = session;
        boolean flushed = s == null || s.logger().flush(left);
        exitFlushed = true;
        if (!flushed) {
            int pending = s.logger().pendingCount();
            int kept = s.logger().spillToSpool(500);
            Log.warn(pending + " logged entries were not written to " + s.trackingUri() + " within the flush bound of "
                    + bound + " ms at exit; " + kept + " were kept in the local spool " + s.logger().spoolDir()
                    + " and are replayed at the next start or with `java -jar mlflow-agent.jar sync`");
        }
        for (ActiveRun r : ending) finishEnd(r, RunStatus.FINISHED, bound, flushed);
        // Runs other threads are ending (autologging's post-training work) print their summary before the JVM goes:
        // what they logged was written or spooled above, so this is short.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!RunStack.allActive().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** For tests: forget the session, active runs and configuration overrides of this JVM. */
    static void resetForTesting() {
        synchronized (LOCK) {
            closeSession();
            ExperimentChoice.reset();
            RunStack.reset();
            envRunIdUsed = false;
            exitFlushed = false;
            MlflowConfig.clearForTesting();
        }
    }
}
