package io.jmlflow;

import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.BatchingLogger;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.SystemTags;
import io.jmlflow.internal.ViewHint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

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
    /** The client and async writer for one tracking URI. */
    static final class Session {
        final MlflowClient client;
        final BatchingLogger logger;

        Session(MlflowClient client) {
            this.client = client;
            this.logger = new BatchingLogger(client.store());
        }
    }

    private static final Object LOCK = new Object();
    private static volatile Session session;
    private static volatile String activeExperimentId;
    /** An experiment set while the server was unreachable: runs spooled meanwhile are created in it at replay. */
    private static volatile String requestedExperimentName;
    private static volatile ActiveRun lastActiveRun;
    private static final ThreadLocal<Deque<ActiveRun>> RUNS = ThreadLocal.withInitial(ArrayDeque::new);
    private static final Set<ActiveRun> ALL_ACTIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean envRunIdUsed;
    private static volatile boolean hookInstalled;
    private static volatile boolean exiting;

    private Mlflow() {
    }

    // ------------------------------------------------------------------ configuration

    /** Sets the tracking URI for this JVM ({@code sqlite:///mlflow.db}, {@code file:./mlruns}, {@code http://host:5000}). */
    public static void setTrackingUri(String uri) {
        synchronized (LOCK) {
            MlflowConfig.set(MlflowConfig.TRACKING_URI, uri);
            closeSession();
            activeExperimentId = null;
        }
    }

    /** The tracking URI in effect (configured, or MLflow 3's default {@code sqlite:///mlflow.db}). */
    public static String getTrackingUri() {
        Session s = session;
        return s != null ? s.client.trackingUri() : MlflowConfig.trackingUri();
    }

    /** The synchronous client for the current tracking URI. */
    public static MlflowClient client() {
        return session().client;
    }

    static Session session() {
        Session s = session;
        if (s == null) {
            synchronized (LOCK) {
                s = session;
                if (s == null) {
                    io.jmlflow.internal.WarmUp.stop();
                    String uri = MlflowConfig.trackingUri();
                    // local stores open in the background (and take run ids the client chose): the first run's
                    // training call need not wait for that
                    io.jmlflow.internal.store.TrackingStore store = io.jmlflow.internal.store.Stores.isLocal(uri)
                            ? io.jmlflow.internal.store.DeferredStore.open(uri, new StoreOpener()) : openStore(uri);
                    s = new Session(new MlflowClient(store));
                    session = s;
                    installShutdownHook();
                }
            }
        }
        return s;
    }

    /**
     * {@link #openStore} for the background start of a local store. A class, not a method reference: the first
     * training call creates it, and linking a lambda or method reference there costs a millisecond or more.
     */
    private static final class StoreOpener implements java.util.function.Function<String, io.jmlflow.internal.store.TrackingStore> {
        @Override
        public io.jmlflow.internal.store.TrackingStore apply(String uri) {
            return openStore(uri);
        }
    }

    /** The store at {@code uri}, or (warned) one whose every call fails with the reason it could not be opened. */
    private static io.jmlflow.internal.store.TrackingStore openStore(String uri) {
        try {
            return io.jmlflow.internal.store.Stores.open(uri);
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
            s.logger.close();
            s.client.close();
        }
    }

    static long flushTimeoutMillis() {
        long bound = MlflowConfig.getLong("flush.timeout.ms", 10_000);
        return exiting ? Math.min(bound, 500) : bound; // at exit the first flush already used the bound
    }

    /**
     * Makes {@code name} the active experiment, creating it when missing (restoring it when deleted is left to the
     * user, as in MLflow: a deleted experiment raises).
     */
    public static Experiment setExperiment(String name) {
        try {
            return setExperimentOrThrow(name);
        } catch (MlflowException e) {
            if (MlflowException.INVALID_STATE.equals(e.errorCode())) throw e;
            if (e.isTransient()) {
                requestedExperimentName = name;
                Log.warn("could not set experiment '" + name + "' in " + getTrackingUri() + ": " + e.getMessage()
                        + " (runs started meanwhile are created in it when the server answers)");
            } else {
                Log.warn("could not set experiment '" + name + "' in " + getTrackingUri() + ": " + e.getMessage()
                        + " (runs go to the default experiment)");
            }
            return null;
        }
    }

    private static Experiment setExperimentOrThrow(String name) {
        MlflowClient c = client();
        Experiment e = c.getExperimentByName(name).orElse(null);
        if (e == null) {
            try {
                c.createExperiment(name);
            } catch (MlflowException ex) {
                if (!MlflowException.RESOURCE_ALREADY_EXISTS.equals(ex.errorCode())) throw ex;
            }
            e = c.getExperimentByName(name).orElseThrow(() -> MlflowException.notFound("experiment '" + name + "'"));
        } else if (e.lifecycleStage() == io.jmlflow.entities.LifecycleStage.DELETED) {
            throw new MlflowException(MlflowException.INVALID_STATE, "experiment '" + name
                    + "' is deleted; restore it or use another name");
        }
        activeExperimentId = e.experimentId();
        requestedExperimentName = null;
        return e;
    }

    /** Makes the experiment with this id the active one. */
    public static Experiment setExperimentById(String experimentId) {
        Experiment e = client().getExperiment(experimentId);
        activeExperimentId = e.experimentId();
        return e;
    }

    /** The experiment new runs go to: set by {@link #setExperiment}, else MLFLOW_EXPERIMENT_NAME/ID, else "0". */
    public static String activeExperimentId() {
        String id = activeExperimentId;
        if (id != null) return id;
        String name = MlflowConfig.get(MlflowConfig.EXPERIMENT_NAME);
        if (name != null) {
            Experiment e = setExperiment(name);
            if (e != null) return e.experimentId();
        }
        String envId = MlflowConfig.get(MlflowConfig.EXPERIMENT_ID);
        return envId != null ? envId : "0";
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
     * must be set, as in MLflow; the new run then carries {@code mlflow.parentRunId}.
     */
    public static ActiveRun startRun(RunOptions options) {
        Deque<ActiveRun> stack = RUNS.get();
        ActiveRun parent = options.parent != null ? options.parent : stack.peek();
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
        if (resume != null) {
            Run existing = s.client.getRun(resume);
            s.client.updateRun(resume, RunStatus.RUNNING, null, options.runName);
            run = new ActiveRun(s, resume, existing.info().experimentId(),
                    options.runName != null ? options.runName : existing.info().runName(), parent, false);
        } else {
            Map<String, String> tags = new LinkedHashMap<>(options.tags);
            if (parent != null) tags.put(SystemTags.PARENT_RUN_ID, parent.runId());
            if (options.autologIntegration != null) tags.put(SystemTags.AUTOLOGGING, options.autologIntegration);
            String experimentId = options.experimentId != null ? options.experimentId
                    : parent != null ? parent.experimentId() : activeExperimentId();
            String runId;
            String runName;
            if (options.autologIntegration != null && s.client.store() instanceof io.jmlflow.internal.store.DeferredStore) {
                // autologging's runs are created on the store's thread: the training call goes on at once
                runId = io.jmlflow.internal.Ids.runId();
                runName = options.runName != null ? options.runName : io.jmlflow.internal.RunNames.generate();
                String id = runId;
                String name = runName;
                long startTime = System.currentTimeMillis();
                ((io.jmlflow.internal.store.DeferredStore) s.client.store()).createRunInBackground(runId,
                        new java.util.function.Supplier<Run>() { // not a lambda: see StoreOpener
                            @Override
                            public Run get() {
                                return s.client.createRun(id, experimentId, name, tags, startTime);
                            }
                        });
            } else {
                try {
                    Run created = s.client.createRun(experimentId, options.runName, tags);
                    runId = created.info().runId();
                    runName = created.info().runName();
                } catch (RuntimeException e) {
                    runId = io.jmlflow.internal.Ids.runId();
                    runName = options.runName != null ? options.runName : io.jmlflow.internal.RunNames.generate();
                    boolean spooled = e instanceof MlflowException && ((MlflowException) e).isTransient()
                            && s.logger.spoolRunCreate(runId, requestedExperimentName == null ? experimentId : null,
                            requestedExperimentName, System.getProperty("user.name", "unknown"), System.currentTimeMillis(),
                            runName, withSystemTags(tags, runName));
                    if (!spooled) {
                        Log.warn("could not create a run in " + s.client.trackingUri() + ": " + e.getMessage()
                                + "; training goes on, but what this run logs cannot be recorded");
                    }
                }
            }
            run = new ActiveRun(s, runId, experimentId, runName, parent, options.autologIntegration != null);
        }
        stack.push(run);
        ALL_ACTIVE.add(run);
        lastActiveRun = run;
        if (options.logSystemMetrics != null ? options.logSystemMetrics
                : MlflowConfig.getBoolean(AutologOptions.ENABLE_SYSTEM_METRICS_LOGGING, false)) {
            io.jmlflow.internal.SystemMetricsMonitor.start(run);
        }
        return run;
    }

    /**
     * For autologging: takes {@code run} off this thread's stack of active runs now, while its end is still
     * pending (post-training work ends it later on another thread). Not meant for application code.
     */
    public static void detachFromThread(ActiveRun run) {
        RUNS.get().remove(run);
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

    /** Marks the run ended in the store, or in the spool when data is waiting there (a replay keeps the order). */
    private static void recordEnd(Session s, ActiveRun run, RunStatus status, long endTime) {
        if (!s.logger.isSpoolEmpty() && s.logger.spoolRunEnd(run.runId(), status, endTime)) return;
        try {
            s.client.updateRun(s.logger.resolveRunId(run.runId()), status, endTime, null);
        } catch (RuntimeException e) {
            boolean spooled = e instanceof MlflowException && ((MlflowException) e).isTransient()
                    && s.logger.spoolRunEnd(run.runId(), status, endTime);
            if (!spooled) {
                Log.warn("could not mark run " + run.runId() + " " + status + " in " + s.client.trackingUri() + ": "
                        + e.getMessage());
            }
        }
    }

    private static Map<String, String> withSystemTags(Map<String, String> tags, String runName) {
        Map<String, String> all = new LinkedHashMap<>(SystemTags.forNewRun());
        all.putAll(tags);
        all.put(SystemTags.RUN_NAME, runName);
        return all;
    }

    /** The thread's active run, or null. */
    public static ActiveRun activeRun() {
        // a run ended on another thread (autologging ends a training's run where its work runs) is active no more
        Deque<ActiveRun> stack = RUNS.get();
        ActiveRun top = stack.peek();
        while (top != null && top.isEnded()) {
            stack.pop();
            top = stack.peek();
        }
        return top;
    }

    /** The most recently started run of any thread (active or ended), or null. */
    public static ActiveRun lastActiveRun() {
        return lastActiveRun;
    }

    /** Ends the thread's active run FINISHED. */
    public static void endRun() {
        endRun(RunStatus.FINISHED);
    }

    public static void endRun(RunStatus status) {
        ActiveRun run = activeRun();
        if (run != null) end(run, status);
    }

    static void end(ActiveRun run, RunStatus status) {
        if (!run.isEnded()) awaitPostTrainingWork(run);
        if (!run.markEnded(status)) return;
        io.jmlflow.internal.SystemMetricsMonitor.stop(run.runId());
        Deque<ActiveRun> stack = RUNS.get();
        // End children left open first, as MLflow's end_run does for the stack top.
        while (!stack.isEmpty() && stack.peek() != run && stack.contains(run)) {
            ActiveRun child = stack.peek();
            end(child, status);
        }
        stack.remove(run);
        ALL_ACTIVE.remove(run);
        Session s = run.session();
        boolean flushed = s.logger.flush(flushTimeoutMillis());
        recordEnd(s, run, status, System.currentTimeMillis());
        s.logger.forgetRun(run.runId());
        String tail = flushed ? "" : " (some data was still being written when the flush bound of "
                + flushTimeoutMillis() + " ms passed)";
        if (s.logger.spooledCount() > 0) {
            tail += s.logger.isSpoolEmpty()
                    ? "; " + s.logger.spooledCount() + " entries went through the local spool while the server was"
                      + " unreachable, all replayed"
                    : "; entries wait in the local spool " + s.logger.spoolDir() + " (the server is unreachable): they"
                      + " are replayed when it answers, at the next start, or with `java -jar mlflow-agent.jar sync`";
        }
        if (s.logger.failedCount() > 0) {
            tail += "; WARNING: " + s.logger.failedCount() + " entries could not be written so far "
                    + s.logger.failuresByCause();
        }
        Log.info(run.summary(status, s.client.trackingUri()) + tail + "; view: "
                + ViewHint.forRun(s.client.trackingUri(), run.experimentId(), run.runId()));
    }

    /** Lets the run's post-training work finish (bounded; not at all on exit, where the hook waited already). */
    private static void awaitPostTrainingWork(ActiveRun run) {
        long bound = exiting ? 0 : flushTimeoutMillis();
        if (!io.jmlflow.internal.autolog.PostTrainingWork.awaitRun(run.runId(), bound) && !exiting) {
            Log.warn("post-training work of run " + run.runId() + " did not finish within the flush bound of " + bound
                    + " ms; the run is ended now and that work goes on: "
                    + io.jmlflow.internal.autolog.PostTrainingWork.pending().stream().filter(w -> w.contains(run.runId())).toList());
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
            r.session().logger.flush(flushTimeoutMillis());
            r.session().client.deleteTag(r.runId(), key);
        });
    }

    /** Copies a local file into the run's artifacts (under {@code artifactPath}, which may be null). */
    public static void logArtifact(Path localFile, String artifactPath) {
        ActiveRun r = runForLogging();
        if (r != null) guarded("log artifact " + localFile, () -> r.session().client.logArtifact(r.runId(), localFile, artifactPath));
    }

    public static void logArtifact(Path localFile) {
        logArtifact(localFile, null);
    }

    public static void logArtifacts(Path localDir, String artifactPath) {
        ActiveRun r = runForLogging();
        if (r != null) guarded("log artifacts " + localDir, () -> r.session().client.logArtifacts(r.runId(), localDir, artifactPath));
    }

    /** Writes {@code text} to the artifact file {@code artifactFile} (e.g. {@code "notes/summary.txt"}). */
    public static void logText(String text, String artifactFile) {
        ActiveRun r = runForLogging();
        if (r == null) return;
        guarded("log text " + artifactFile, () -> {
            Path dir = Files.createTempDirectory("mlflow-text");
            String name = artifactFile.contains("/") ? artifactFile.substring(artifactFile.lastIndexOf('/') + 1) : artifactFile;
            String parent = artifactFile.contains("/") ? artifactFile.substring(0, artifactFile.lastIndexOf('/')) : null;
            Path f = dir.resolve(name);
            Files.writeString(f, text, StandardCharsets.UTF_8);
            try {
                r.session().client.logArtifact(r.runId(), f, parent);
            } finally {
                Files.deleteIfExists(f);
                Files.deleteIfExists(dir);
            }
        });
    }

    /** The artifact root URI of the active run. */
    public static String getArtifactUri() {
        ActiveRun r = runForLogging();
        return r == null ? null : r.session().client.getRun(r.runId()).info().artifactUri();
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
        return (T) s.client.loadModel(modelUri);
    }

    /** Runs of the active experiment matching {@code filter}, newest first. */
    public static List<Run> searchRuns(String filter) {
        return searchRuns(List.of(activeExperimentId()), filter, null);
    }

    public static List<Run> searchRuns(List<String> experimentIds, String filter, List<String> orderBy) {
        Session s = session();
        s.logger.flush(flushTimeoutMillis());
        List<Run> out = new ArrayList<>();
        String token = null;
        do {
            var page = s.client.searchRuns(experimentIds, filter, ViewType.ACTIVE_ONLY, 1000, orderBy, token);
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
        return (s == null || s.logger.flush(left)) && workDone;
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

    private static void installShutdownHook() {
        if (hookInstalled) return;
        hookInstalled = true;
        Thread hook = new Thread(new Runnable() { // not a method reference: see StoreOpener
            @Override
            public void run() {
                onExit();
            }
        }, "mlflow-shutdown");
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // the JVM is shutting down already
        }
    }

    /**
     * At exit: flush within the bound, keep what is left in the spool, then end the runs still active (FINISHED,
     * as MLflow's atexit does). The whole exit costs at most about one flush bound.
     */
    private static void onExit() {
        try {
            long bound = flushTimeoutMillis();
            long start = System.nanoTime();
            if (!io.jmlflow.internal.autolog.PostTrainingWork.awaitAll(bound)) {
                Log.warn("post-training work did not finish within the flush bound of " + bound + " ms at exit and is"
                        + " cut off with the JVM (raise flush.timeout.ms to give it more time): "
                        + io.jmlflow.internal.autolog.PostTrainingWork.pending());
            }
            // The writer always gets a short last chance, so the total stays about one bound.
            long left = Math.max(Math.min(bound, 500), bound - (System.nanoTime() - start) / 1_000_000);
            Session s = session;
            boolean flushed = s == null || s.logger.flush(left);
            exiting = true;
            if (!flushed) {
                int pending = s.logger.pendingCount();
                int kept = s.logger.spillToSpool();
                Log.warn(pending + " logged entries were not written to " + s.client.trackingUri()
                        + " within the flush bound of " + bound + " ms at exit; " + kept
                        + " were kept in the local spool " + s.logger.spoolDir()
                        + " and are replayed at the next start or with `java -jar mlflow-agent.jar sync`");
            }
            for (ActiveRun r : new ArrayList<>(ALL_ACTIVE)) {
                try {
                    end(r, RunStatus.FINISHED);
                } catch (RuntimeException ignored) {
                    // keep going: exit must not hang or throw
                }
            }
        } catch (Throwable ignored) {
            // never block JVM exit
        }
    }

    /** For tests: forget the session, active runs and configuration overrides of this JVM. */
    static void resetForTesting() {
        synchronized (LOCK) {
            closeSession();
            activeExperimentId = null;
            requestedExperimentName = null;
            lastActiveRun = null;
            ALL_ACTIVE.clear();
            RUNS.remove();
            envRunIdUsed = false;
            MlflowConfig.clearForTesting();
        }
    }
}
