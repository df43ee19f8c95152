package io.jmlflow.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/**
 * Loads and initialises what the first autologged run needs (JSON, SQLite's native library, the classes of the
 * logging path, the run's system tags) so that a training call does not pay for it. The agent runs this on a
 * background thread at start-up when a supported library is on the class path. It has no visible effect: it does
 * not touch the configured store; it rehearses one run in a scratch store of the same kind in the temporary folder
 * and deletes it (SQLite also extracts its native library there, as it would anyway).
 */
public final class WarmUp {
    private static final String[] CLASSES = {"io.jmlflow.Mlflow", "io.jmlflow.ActiveRun", "io.jmlflow.MlflowClient",
            "io.jmlflow.internal.BatchingLogger", "io.jmlflow.store.Stores", "io.jmlflow.store.sqlite.SqliteStore",
            "io.jmlflow.store.file.FileStore", "io.jmlflow.store.rest.RestStore", "io.jmlflow.models.ModelLogging",
            "io.jmlflow.models.MLmodel", "io.jmlflow.artifacts.LocalArtifactRepository"};

    private WarmUp() {
    }

    /**
     * Never throws; each step is independent. The rehearsal in a scratch store of the configured kind comes first:
     * it covers what the first run needs most (the store's code, its file formats or SQLite with its native
     * library, the system tags); what other paths use (JSON for models and the REST client) follows.
     */
    public static void run() {
        ClassLoader loader = WarmUp.class.getClassLoader();
        // Let Log decide where messages go first, as it would on a cold start.
        Log.debug("warming up the logging path", null);
        rehearseInScratchStore();
        for (String name : CLASSES) {
            try {
                Class.forName(name, false, loader); // load and verify, but run no static initialiser
            } catch (Throwable ignored) {
                // a missing optional part only means less warming
            }
        }
        try {
            new ObjectMapper().writeValueAsBytes(Map.of("warm", List.of(1.0, "up")));
        } catch (Throwable ignored) {
            // as above
        }
    }

    /**
     * Creates, logs into and ends one run in a throw-away store of the configured kind (SQLite or file) in the
     * temporary folder, then deletes it: the first real run then finds the store code loaded and compiled.
     */
    /** True when the rehearsal ran through (for tests). */
    static boolean rehearseInScratchStore() {
        String uri = io.jmlflow.MlflowConfig.trackingUri();
        boolean sqlite = uri.startsWith("sqlite:");
        if (!sqlite && !uri.startsWith("file:")) return false;
        java.nio.file.Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("jmlflow-warm-up");
            String scratch = sqlite ? "sqlite:///" + dir.resolve("warm-up.db") : dir.toUri().toString();
            try (io.jmlflow.MlflowClient client = new io.jmlflow.MlflowClient(scratch)) {
                String runId = client.createRun("0", "warm-up", Map.of("warm", "up")).runId();
                client.logBatch(runId, List.of(new io.jmlflow.entities.Metric("m", 1.0, 0L, 0L)), List.of(), List.of());
                client.setTerminated(runId, io.jmlflow.entities.RunStatus.FINISHED);
            }
            return true;
        } catch (Throwable ignored) {
            return false; // as above
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }
}
