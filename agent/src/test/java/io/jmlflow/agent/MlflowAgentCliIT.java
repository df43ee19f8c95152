package io.jmlflow.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar mlflow-agent.jar ...}. */
class MlflowAgentCliIT {
    @TempDir
    Path dir;

    @Test
    void helpAndVersion() throws Exception {
        ChildJvm.Result help = ChildJvm.agentCommand(Map.of(), "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("java -jar mlflow-agent.jar doctor"), help.stdout());
        assertTrue(help.stdout().contains("MLFLOW_AUTOLOG_LOG_MODELS=false"), help.stdout());
        ChildJvm.Result version = ChildJvm.agentCommand(Map.of(), "--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().matches("jmlflow agent \\d+\\.\\d+\\.\\d+.*\\s*"), version.stdout());
    }

    @Test
    void doctorShowsTheConfigurationAndChecksTheStore() throws Exception {
        Path store = dir.resolve("mlruns");
        ChildJvm.Result ok = ChildJvm.agentCommand(Map.of("MLFLOW_TRACKING_URI", "file:" + store,
                "MLFLOW_AUTOLOG_LOG_MODELS", "false"), "doctor");
        assertEquals(0, ok.exitCode(), ok.stdout() + ok.stderr());
        String out = ok.stdout();
        assertTrue(out.contains("tracking.uri = file:" + store), out);
        assertTrue(out.contains("autolog.log.models = false"), out);
        assertTrue(out.contains("logModels=false"), "the resolved options: " + out);
        assertTrue(out.contains("tracking URI: file:" + store), out);
        assertTrue(out.contains("store: writable (" + store + ")"), out);
        assertTrue(out.trim().endsWith("OK"), out);

        Path db = dir.resolve("doctor.db");
        ChildJvm.Result sqlite = ChildJvm.agentCommand(Map.of("MLFLOW_TRACKING_URI", "sqlite:///" + db), "doctor");
        assertEquals(0, sqlite.exitCode(), sqlite.stdout() + sqlite.stderr());
        assertTrue(sqlite.stdout().contains("schema revision dc11669786a5"), "the pinned MLflow's revision: " + sqlite.stdout());
        assertTrue(sqlite.stdout().contains("store: writable (" + dir + ")"), sqlite.stdout());

        Path blocker = Files.writeString(dir.resolve("file"), "x");
        ChildJvm.Result bad = ChildJvm.agentCommand(Map.of(), "doctor",
                "tracking.uri=file:" + blocker.resolve("mlruns"));
        assertEquals(1, bad.exitCode(), bad.stdout());
        assertTrue(bad.stdout().contains("PROBLEMS FOUND"), bad.stdout());
    }

    @Test
    void syncReportsNothingToReplay() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("spool"));
        ChildJvm.Result sync = ChildJvm.agentCommand(Map.of("MLFLOW_SPOOL_DIR", empty.toString()), "sync");
        assertEquals(0, sync.exitCode());
        assertTrue(sync.stdout().trim().startsWith("nothing to replay"), sync.stdout());
    }
}
