package io.jmlflow.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/**
 * Loads and initialises what the first autologged run needs (JSON, SQLite's native library, the classes of the
 * logging path, the run's system tags) so that a training call does not pay for it. The agent runs this on a
 * background thread at start-up when a supported library is on the class path. It has no visible effect: it opens
 * no store and writes no file (SQLite extracts its native library to the temporary folder, as it would anyway).
 */
public final class WarmUp {
    private static final String[] CLASSES = {"io.jmlflow.Mlflow", "io.jmlflow.ActiveRun", "io.jmlflow.MlflowClient",
            "io.jmlflow.internal.BatchingLogger", "io.jmlflow.store.Stores", "io.jmlflow.store.sqlite.SqliteStore",
            "io.jmlflow.store.file.FileStore", "io.jmlflow.store.rest.RestStore", "io.jmlflow.models.ModelLogging",
            "io.jmlflow.models.MLmodel", "io.jmlflow.artifacts.LocalArtifactRepository"};

    private WarmUp() {
    }

    /** Never throws; each step is independent. */
    public static void run() {
        ClassLoader loader = WarmUp.class.getClassLoader();
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
        try {
            Class.forName("org.sqlite.JDBC", true, loader);
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Throwable ignored) {
            // as above
        }
        try {
            SystemTags.forNewRun();
        } catch (Throwable ignored) {
            // as above
        }
    }
}
