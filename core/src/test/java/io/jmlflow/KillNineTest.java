package io.jmlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.Metric;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGKILL in the middle of logging: what was flushed is intact and the store is still readable by both clients. */
class KillNineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void killingTheTrainingJvmLeavesFlushedDataIntact(String kind) throws Exception {
        String uri = kind.equals("file") ? "file://" + dir.resolve("mlruns") : "sqlite:///" + dir.resolve("mlflow.db");
        Process p = JavaProcess.main(EndlessTrainingProgram.class).workDir(dir).env("MLFLOW_TRACKING_URI", uri).start();
        String runId = null;
        long flushed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RUN ")) runId = line.substring(4);
                if (line.startsWith("FLUSHED ")) flushed = Long.parseLong(line.substring(8));
                if (flushed >= 100_000) break;
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertNotNull(runId);
        assertEquals(137, p.exitValue(), "killed by SIGKILL");

        try (MlflowClient client = new MlflowClient(uri)) {
            List<Metric> history = client.getMetricHistory(runId, "loss");
            assertTrue(history.size() >= flushed, history.size() + " points, " + flushed + " were flushed");
            for (int i = 0; i < flushed; i++) {
                assertEquals(i, history.get(i).step());
                assertEquals(1.0 / (i + 1), history.get(i).value());
            }
            assertEquals("endless", client.getRun(runId).data().params().get("kind"));
        }
        JsonNode py = PythonMlflow.json(uri, dir, String.join("\n",
                "import json",
                "from mlflow import MlflowClient",
                "c = MlflowClient()",
                "r = c.get_run('" + runId + "')",
                "h = c.get_metric_history('" + runId + "', 'loss')",
                "print(json.dumps({'status': r.info.status, 'points': len(h)}))"));
        assertEquals("RUNNING", py.get("status").asText(), "a killed run stays RUNNING, as in MLflow");
        assertTrue(py.get("points").asLong() >= flushed, py.toString());
    }
}
