package io.jmlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no tracking URI anywhere, runs go to ./mlflow.db as in MLflow 3, and `mlflow` there reads them. */
class DefaultStoreTest {
    @TempDir
    Path dir;

    @Test
    void aProgramWithNoConfigurationLogsToMlflowDbInItsWorkingDirectory() throws Exception {
        JavaProcess.Result r = JavaProcess.main(SmallTrainingProgram.class).workDir(dir).run(120);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(Files.isRegularFile(dir.resolve("mlflow.db")), r.describe());
        assertFalse(Files.exists(dir.resolve("mlruns/0/meta.yaml")), "must not create a file store");
        String runId = r.stdout().lines().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow().substring(4);
        assertTrue(r.stderr().contains("view: mlflow ui"), r.describe());
        assertTrue(Files.isRegularFile(dir.resolve("mlruns/0/" + runId + "/artifacts/result.txt")), r.describe());

        // The real MLflow, with no tracking URI set, in the same directory.
        JsonNode py = PythonMlflow.json(null, dir, String.join("\n",
                "import json, mlflow",
                "from mlflow import MlflowClient",
                "c = MlflowClient()",
                "r = c.get_run('" + runId + "')",
                "h = c.get_metric_history('" + runId + "', 'loss')",
                "arts = [f.path for f in c.list_artifacts('" + runId + "')]",
                "models = mlflow.search_logged_models(experiment_ids=['0'], output_format='list')",
                "print(json.dumps({'uri': mlflow.get_tracking_uri(), 'status': r.info.status, 'epochs': r.data.params['epochs'],",
                "  'points': len(h), 'arts': arts, 'models': [str(m.status) for m in models]}))"));
        // MLflow's default, sqlite:///mlflow.db, resolved against the working directory
        assertTrue(py.get("uri").asText().matches("sqlite:///+.*mlflow\\.db") && py.get("uri").asText().contains(
                dir.getFileName().toString()), py.toString());
        assertEquals("FINISHED", py.get("status").asText());
        assertEquals("50", py.get("epochs").asText());
        assertEquals(50, py.get("points").asInt());
        assertTrue(py.get("arts").toString().contains("result.txt"), py.toString());
        assertTrue(py.get("models").get(0).asText().contains("READY"), py.toString());

        // A tracking server started over that very file serves the same run over REST.
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        Files.createSymbolicLink(serverDir.resolve("server.db"), dir.resolve("mlflow.db"));
        try (MlflowServer server = MlflowServer.start(serverDir, false);
             MlflowClient rest = new MlflowClient(server.uri())) {
            Run run = rest.getRun(runId);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("50", run.data().params().get("epochs"));
            assertEquals(50, rest.getMetricHistory(runId, "loss").size());
            assertEquals(1, run.modelOutputs().size());
        }
    }

    @Test
    void anExistingFileStoreInMlrunsStaysTheDefault() throws Exception {
        Files.createDirectories(dir.resolve("mlruns/0"));
        Files.writeString(dir.resolve("mlruns/0/meta.yaml"), "artifact_location: " + dir.resolve("mlruns/0").toUri()
                + "\ncreation_time: 1\nexperiment_id: '0'\nlast_update_time: 1\nlifecycle_stage: active\nname: Default\n");
        JavaProcess.Result r = JavaProcess.main(SmallTrainingProgram.class).workDir(dir).run(120);
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(Files.exists(dir.resolve("mlflow.db")), r.describe());
        String runId = r.stdout().lines().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow().substring(4);
        assertTrue(Files.isRegularFile(dir.resolve("mlruns/0/" + runId + "/meta.yaml")), r.describe());
        assertTrue(r.stderr().contains("MLFLOW_ALLOW_FILE_STORE=true mlflow ui"), r.describe());
    }

    @Test
    void anUnwritableStoreLeavesTheProgramsOutputAndExitCodeUnchanged() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        JavaProcess.Result ok = JavaProcess.main(SmallTrainingProgram.class, "3").workDir(dir)
                .env("MLFLOW_TRACKING_URI", "file://" + dir.resolve("good/mlruns")).run(120);
        for (String uri : new String[] {"file://" + notADir.resolve("mlruns"), "sqlite:///" + notADir.resolve("x.db")}) {
            JavaProcess.Result bad = JavaProcess.main(SmallTrainingProgram.class, "3").workDir(dir)
                    .env("MLFLOW_TRACKING_URI", uri).env("MLFLOW_SPOOL_DIR", dir.resolve("spool").toString()).run(120);
            assertEquals(3, bad.exitCode(), bad.describe());
            String okResult = ok.stdout().lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow();
            assertTrue(bad.stdout().contains(okResult), bad.describe());
            assertTrue(bad.stderr().contains("WARN"), bad.describe());
            assertFalse(bad.stderr().contains("Exception in thread"), bad.describe());
            assertFalse(bad.stderr().lines().anyMatch(l -> l.trim().startsWith("at ")), "no stack traces: " + bad.describe());
        }
    }
}
