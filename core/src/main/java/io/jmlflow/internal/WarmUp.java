package io.jmlflow.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/**
 * Loads and initialises what the first autologged run needs (JSON, SQLite's native library, the classes of the
 * logging path, the run's system tags) so that a training call does not pay for it. The agent runs this on a
 * background thread at start-up when a supported library is on the class path. It has no visible effect: it does
 * not touch the configured store: for SQLite it loads the native library and the store's code, for a file store it
 * rehearses one run in a scratch store in the temporary folder and deletes it.
 *
 * <p>At once, it loads and initialises the few classes a run's start needs and reads ahead the random bytes of the
 * first ids ({@link Ids}): a few milliseconds of CPU while the application itself starts up. The rest begins
 * {@code agent.warm.up.delay.ms} (400) after the agent started, and stops at its next step once the application
 * opens its tracking session ({@link #stop}): a training that starts sooner pays for that part itself, which costs
 * it less than sharing its cores with the warm-up would.
 */
public final class WarmUp {
    /**
     * What a run's start needs whatever the store. Only that: what is used after training (model files, plots) is
     * loaded then, and every class loaded early also counts towards the JVM's first metaspace threshold, whose
     * garbage collection (and the heap shrink that may follow) would otherwise fall inside the training.
     */
    private static final String[] CLASSES = {"io.jmlflow.Mlflow", "io.jmlflow.internal.session.Session",
            "io.jmlflow.internal.session.SessionStore", "io.jmlflow.internal.session.RunStarts",
            "io.jmlflow.internal.session.RunStack", "io.jmlflow.ActiveRun", "io.jmlflow.MlflowClient",
            "io.jmlflow.RunOptions", "io.jmlflow.internal.writer.BatchingLogger", "io.jmlflow.internal.writer.Backlog",
            "io.jmlflow.internal.writer.TrackedRun", "io.jmlflow.internal.writer.Entry",
            "io.jmlflow.internal.Spool", "io.jmlflow.internal.RunNames", "io.jmlflow.internal.SystemMetricsMonitor",
            "io.jmlflow.internal.store.Stores", "io.jmlflow.internal.store.DeferredStore", "io.jmlflow.internal.autolog.AutologRun",
            // the JDK's, which its shared archive does not hold
            "java.util.concurrent.ThreadPoolExecutor"};

    /** The scratch stores' folder names start with this, in the temporary folder. */
    static final String SCRATCH_PREFIX = "jmlflow-warm-up";
    /** A scratch store older than this was left by a JVM that ended during its rehearsal. */
    static final long STALE_SCRATCH_MS = 3_600_000L;
    /** How long after the agent's start the warm-up begins, in milliseconds. */
    public static final String DELAY = "agent.warm.up.delay.ms";
    private static volatile boolean stopped;

    private WarmUp() {
    }

    /** Ends the warm-up at its next step: the first run is starting, what is not warm yet is loaded on demand. */
    public static void stop() {
        stopped = true;
    }

    /** For tests: a later {@link #run} warms up again. */
    static void restart() {
        stopped = false;
    }

    /**
     * Never throws; each step is independent. For SQLite and file stores, {@link #rehearseInScratchStore} covers what
     * the first run needs most (the store's code, its file formats or SQLite with its native
     * library, the system tags); for a tracking server, the REST client and JSON.
     */
    public static void run() {
        ClassLoader loader = WarmUp.class.getClassLoader();
        // With a logging framework behind SLF4J, nothing here may set it up (Log, SQLite's driver and a scratch store
        // would): the application may be setting it up at the same moment (Spark reconfigures log4j2 at its first
        // line), and log4j2 set up from two threads printed "Could not register mbeans" errors into the program's
        // output. Without one, Log decides now where messages go, as it would on a cold start.
        boolean appLogging = Log.applicationHasLoggingFramework();
        if (!appLogging) Log.init();
        for (String name : CLASSES) {
            if (stopped) break;
            load(name, loader);
        }
        if (!stopped) Ids.runId();
        if (!waitForDelay()) return;
        String uri = io.jmlflow.MlflowConfig.trackingUri();
        boolean local = io.jmlflow.internal.store.Stores.isLocal(uri);
        if (local && !appLogging) rehearseInScratchStore();
        if (local || stopped) return;
        load("io.jmlflow.internal.store.rest.RestStore", loader);
        try {
            new ObjectMapper().writeValueAsBytes(Map.of("warm", List.of(1.0, "up")));
        } catch (Throwable ignored) {
            // as above
        }
    }

    private static void load(String name, ClassLoader loader) {
        try {
            Class.forName(name, true, loader); // load, verify and initialise (their initialisers have no effects)
        } catch (Throwable ignored) {
            // a missing optional part only means less warming
        }
    }

    /** Sleeps for the delay; false when stopped (or interrupted) meanwhile. */
    private static boolean waitForDelay() {
        long end = System.nanoTime() + io.jmlflow.MlflowConfig.getLong(DELAY, 400) * 1_000_000L;
        try {
            for (long left = end - System.nanoTime(); left > 0 && !stopped; left = end - System.nanoTime()) {
                Thread.sleep(Math.min(left / 1_000_000L + 1, 50));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopped;
    }

    /**
     * For a file store, creates, logs into and ends one run in a throw-away file store in the temporary folder, then
     * deletes it: the first real run then finds the store code loaded. For SQLite, readies the driver and the store's
     * classes only ({@code SqliteStore.warmUp}): a scratch database's schema cost more than it saved. True when the
     * rehearsal ran through (for tests).
     */
    static boolean rehearseInScratchStore() {
        String uri = io.jmlflow.MlflowConfig.trackingUri();
        boolean sqlite = uri.trim().toLowerCase(java.util.Locale.ROOT).startsWith("sqlite:");
        if (stopped || !io.jmlflow.internal.store.Stores.isLocal(uri)) return false;
        if (sqlite) {
            io.jmlflow.internal.store.sqlite.SqliteStore.warmUp();
            return !stopped;
        }
        java.nio.file.Path dir = null;
        Thread cleanUp = null;
        try {
            // this is a daemon thread: when the JVM exits during the rehearsal, its finally below never runs. A
            // shutdown hook deletes the scratch store then; what a killed JVM leaves is deleted an hour later.
            dir = TempDirs.createTidyingStale(SCRATCH_PREFIX, STALE_SCRATCH_MS);
            cleanUp = scratchCleanUp(dir);
            try (io.jmlflow.MlflowClient client = new io.jmlflow.MlflowClient(dir.toUri().toString())) {
                String runId = client.createRun("0", "warm-up", Map.of("warm", "up")).runId();
                if (stopped) return false;
                client.logBatch(runId, List.of(new io.jmlflow.entities.Metric("m", 1.0, 0L, 0L)), List.of(), List.of());
                client.setTerminated(runId, io.jmlflow.entities.RunStatus.FINISHED);
            }
            return true;
        } catch (Throwable ignored) {
            return false; // as above
        } finally {
            TempDirs.deleteQuietly(dir);
            if (cleanUp != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanUp);
                } catch (IllegalStateException exiting) {
                    // the hook is running or about to: it finds nothing left
                }
            }
        }
    }

    /** Registers (and returns) a shutdown hook that stops the rehearsal and deletes {@code dir}. */
    private static Thread scratchCleanUp(java.nio.file.Path dir) {
        Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                stopped = true;
                TempDirs.deleteQuietly(dir);
            }
        }, "mlflow-warm-up-clean-up");
        Runtime.getRuntime().addShutdownHook(hook); // throws when the JVM is exiting already: no rehearsal then
        return hook;
    }
}
