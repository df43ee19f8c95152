package io.jmlflow.samples.smile;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autolog options, given the ways a user gives them (agent argument, -D, environment). */
class SmileAutologOptionsTest {
    @TempDir
    Path dir;

    private JavaProcess small(Path store) {
        return SmileJvm.traced(BlobsRandomForest.class, "file:" + store, "300", "5");
    }

    @Test
    void smileDisabledOrAutologDisabledLogsNothing() {
        JavaProcess.Result plain = SmileJvm.ok(SmileJvm.plain(BlobsRandomForest.class, "300", "5"));
        Path off = dir.resolve("off");
        for (JavaProcess p : List.of(small(off).jvmArg("-Dmlflow.autolog.smile.enabled=false"),
                small(off).env("MLFLOW_AUTOLOG_DISABLE", "true"))) {
            JavaProcess.Result r = SmileJvm.ok(p);
            assertEquals(SmileRuns.withoutAccuracies(plain.stdout()), SmileRuns.withoutAccuracies(r.stdout()));
        }
        assertFalse(Files.exists(off), "nothing opened the store");
    }

    @Test
    void logModelsAndSignaturesCanBeTurnedOff() throws Exception {
        Path noModels = dir.resolve("no-models");
        SmileJvm.ok(SmileJvm.plain(BlobsRandomForest.class, "300", "5").env("MLFLOW_TRACKING_URI", "file:" + noModels)
                .jvmArg("-javaagent:" + SmileJvm.agentJar() + "=autolog.log.models=false"));
        try (MlflowClient client = new MlflowClient("file:" + noModels)) {
            Run run = SmileRuns.named(SmileRuns.all(client, "Default"), "RandomForest");
            assertTrue(run.modelOutputs().isEmpty());
            assertEquals("5", run.data().params().get("ntrees"));
            assertTrue(SmileRuns.metric(run, "oob_accuracy") > 0, "metrics still go to the run");
        }

        Path noSignature = dir.resolve("no-signature");
        SmileJvm.ok(small(noSignature).jvmArg("-Dmlflow.autolog.log.model.signatures=false"));
        JsonNode py = PythonMlflow.json("file:" + noSignature, dir, """
                import json, mlflow
                m = mlflow.search_logged_models(experiment_ids=["0"], output_format="list")[0]
                info = mlflow.models.get_model_info(f"models:/{m.model_id}")
                print(json.dumps({"signature": info.signature is not None, "flavors": list(info.flavors)}))
                """);
        assertFalse(py.get("signature").asBoolean());
        assertEquals("smile", py.get("flavors").get(0).asText());
    }

    @Test
    void datasetsPlotsAndPostTrainingMetricsCanBeTurnedOff() throws Exception {
        Path off = dir.resolve("extras-off");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.plain(EvaluationProgram.class).env("MLFLOW_TRACKING_URI", "file:" + off)
                .jvmArg("-javaagent:" + SmileJvm.agentJar() + "=autolog.log.plots=false")
                .jvmArg("-Dmlflow.autolog.log.datasets=false")
                .env("MLFLOW_AUTOLOG_LOG_POST_TRAINING_METRICS", "false"));
        try (MlflowClient client = new MlflowClient("file:" + off)) {
            Run first = client.getRun(SmileRuns.lines(r, "RUN").get("first"));
            assertTrue(first.datasetInputs().isEmpty(), first.datasetInputs().toString());
            assertNull(first.data().metric("eval_accuracy_score"));
            assertTrue(SmileRuns.metric(first, "training_accuracy_score") > 0.5, "training metrics stay");
            List<String> artifacts = client.listArtifacts(first.runId(), null).stream()
                    .map(io.jmlflow.entities.FileInfo::path).toList();
            assertEquals(List.of("estimator.html"), artifacts, "no plots");
            assertEquals(1, first.modelOutputs().size());
        }
    }

    @Test
    void exclusiveLeavesTheUsersRunAloneAndSilentKeepsStderrClean() throws Exception {
        Path exclusive = dir.resolve("exclusive");
        SmileJvm.ok(SmileJvm.traced(TrackedBlobsTraining.class, "file:" + exclusive)
                .env("MLFLOW_AUTOLOG_EXCLUSIVE", "true"));
        try (MlflowClient client = new MlflowClient("file:" + exclusive)) {
            List<Run> runs = SmileRuns.all(client, "smile-samples");
            assertEquals(1, runs.size(), "and no autolog run of its own either");
            Run run = runs.get(0);
            assertEquals("60", run.data().params().get("boosting_rounds"));
            assertNull(run.data().params().get("ntrees"));
            assertTrue(run.modelOutputs().isEmpty());
        }

        Path silent = dir.resolve("silent");
        JavaProcess.Result r = SmileJvm.ok(small(silent).jvmArg("-Dmlflow.autolog.silent=true"));
        assertFalse(r.stderr().contains("[mlflow]"), r.stderr());
        try (MlflowClient client = new MlflowClient("file:" + silent)) {
            assertEquals(1, SmileRuns.all(client, "Default").size(), "silent, not off");
        }
    }
}
