package io.jmlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.artifacts.ArtifactPaths;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MLflow 3 logged models in every store: what Python sees, and loading by every URI form in a second JVM. */
class LoggedModelsTest {
    @TempDir
    Path dir;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Consumer<String> listener = log::add;

    /** A small model with behaviour to compare. */
    public record Line(double slope, double intercept) implements Serializable {
        public double predict(double x) {
            return slope * x + intercept;
        }
    }

    /** A model whose saving throws. */
    static final class Unsaveable implements Serializable {
        private void writeObject(ObjectOutputStream out) throws IOException {
            throw new IOException("disk said no");
        }
    }

    /** Loads the model by a URI in a fresh JVM and prints its prediction for x = 2. */
    public static final class LoadInSecondJvm {
        public static void main(String[] args) {
            Line m = Mlflow.loadModel(args[0]);
            System.out.println("PREDICT " + m.predict(2.0));
        }
    }

    @BeforeEach
    void setUp() {
        Mlflow.resetForTesting();
        Log.resetOnceForTesting();
        Log.addListener(listener);
    }

    @AfterEach
    void tearDown() {
        Log.removeListener(listener);
        Mlflow.resetForTesting();
    }

    private String uri(String kind) {
        MlflowConfig.set("default.artifact.root", dir.resolve("mlruns").toString());
        switch (kind) {
            case "file": return "file://" + dir.resolve("mlruns");
            case "sqlite": return "sqlite:///" + dir.resolve("mlflow.db");
            default: return MlflowServer.shared().uri();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "file", "rest"})
    void aLoggedModelIsSeenByPythonAndLoadsByEveryUriFormInASecondJvm(String kind) {
        String uri = uri(kind);
        Mlflow.setTrackingUri(uri);
        String experiment = "models-" + kind + "-" + UUID.randomUUID().toString().substring(0, 6);
        String experimentId = Mlflow.setExperiment(experiment).experimentId();
        Line line = new Line(1.5, -0.25);
        String runId;
        LoggedModel model;
        try (ActiveRun run = Mlflow.startRun("with-model")) {
            runId = run.runId();
            Mlflow.logMetric("rmse", 0.1);
            model = Mlflow.logModel(line, "line", Map.of("degree", "1"));
            Mlflow.client().logModelMetrics(model.modelId(), runId,
                    List.of(new Metric("eval_rmse", 0.12, System.currentTimeMillis(), 0)));
        }
        assertEquals(LoggedModelStatus.READY, model.status());
        MlflowClient client = Mlflow.client();
        String registered = "line-" + kind + "-" + UUID.randomUUID().toString().substring(0, 6);
        ModelVersion v1 = client.registerModel("models:/" + model.modelId(), registered);
        client.setRegisteredModelAlias(registered, "champion", v1.version());

        JsonNode py = PythonMlflow.json(uri, dir, String.join("\n",
                "import json, os, mlflow",
                "from mlflow import MlflowClient",
                "models = mlflow.search_logged_models(experiment_ids=['" + experimentId + "'], output_format='list')",
                "m = models[0]",
                "r = MlflowClient().get_run('" + runId + "')",
                "local = mlflow.artifacts.download_artifacts('models:/" + model.modelId() + "')",
                "print(json.dumps({'n': len(models), 'id': m.model_id, 'status': str(m.status), 'source_run': m.source_run_id,",
                "  'params': m.params, 'metrics': {x.key: x.value for x in (m.metrics or [])},",
                "  'outputs': [o.model_id for o in (r.outputs.model_outputs if r.outputs else [])],",
                "  'files': sorted(os.listdir(local)), 'mlmodel': open(os.path.join(local, 'MLmodel')).read()}))"));
        assertEquals(1, py.get("n").asInt());
        assertEquals(model.modelId(), py.get("id").asText());
        assertTrue(py.get("status").asText().contains("READY"), py.toString());
        assertEquals(runId, py.get("source_run").asText());
        assertEquals("1", py.get("params").get("degree").asText());
        assertEquals(0.12, py.get("metrics").get("eval_rmse").asDouble(), 1e-12);
        assertEquals(model.modelId(), py.get("outputs").get(0).asText());
        assertTrue(py.get("files").toString().contains("MLmodel") && py.get("files").toString().contains("model.ser"), py.toString());
        String mlmodel = py.get("mlmodel").asText();
        assertTrue(mlmodel.contains("model_id: " + model.modelId()) && mlmodel.contains("java_serialization:")
                && mlmodel.contains("run_id: " + runId) && mlmodel.contains("utc_time_created:")
                && mlmodel.contains("model_size_bytes:"), mlmodel);

        for (String modelUri : List.of("models:/" + model.modelId(), "runs:/" + runId + "/line",
                "models:/" + registered + "/" + v1.version(), "models:/" + registered + "@champion")) {
            JavaProcess.Result r = JavaProcess.main(LoadInSecondJvm.class, modelUri).workDir(dir)
                    .env("MLFLOW_TRACKING_URI", uri).jvmArg("-Dmlflow.default.artifact.root=" + dir.resolve("mlruns"))
                    .run(120);
            assertEquals(0, r.exitCode(), modelUri + ": " + r.describe());
            assertTrue(r.stdout().contains("PREDICT " + line.predict(2.0)), modelUri + ": " + r.describe());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "file", "rest"})
    void aModelWhoseSavingThrowsEndsFailedAndTheRunGoesOn(String kind) {
        Mlflow.setTrackingUri(uri(kind));
        String runId;
        LoggedModel failed;
        try (ActiveRun run = Mlflow.startRun("bad-model")) {
            runId = run.runId();
            Mlflow.logMetric("acc", 0.9);
            failed = Mlflow.logModel(new Unsaveable(), "broken");
            Mlflow.logMetric("after", 1.0);
        }
        assertNotNull(failed);
        LoggedModel stored = Mlflow.client().getLoggedModel(failed.modelId());
        assertEquals(LoggedModelStatus.FAILED, stored.status());
        if (!kind.equals("rest")) {
            // a local store's model is saved straight into its folder: a failed one leaves no half-written file there
            String loc = stored.artifactLocation();
            Path folder = loc.startsWith("file:") ? ArtifactPaths.localPath(loc)
                    : Paths.get(loc);
            assertEquals(List.of(), filesUnder(folder), "files of the FAILED model under " + folder);
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("saving model 'broken'") && l.contains("disk said no")
                && l.contains("marked FAILED")), log.toString());
        Run run = Mlflow.client().getRun(runId);
        assertEquals(RunStatus.FINISHED, run.info().status());
        assertEquals(0.9, run.data().metric("acc"));
        assertEquals(1.0, run.data().metric("after"));
    }

    private static List<Path> filesUnder(Path folder) {
        if (!Files.exists(folder)) return List.of();
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
