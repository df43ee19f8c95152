package io.jmlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fluent API end to end in each local store, read back by our client and by the real MLflow. */
class FluentApiTest {
    @TempDir
    Path dir;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Consumer<String> listener = log::add;

    /** A model users would log: Serializable, with behaviour to compare after loading. */
    record Weights(double[] w, double bias) implements Serializable {
        double predict(double[] x) {
            double z = bias;
            for (int i = 0; i < x.length; i++) z += w[i] * x[i];
            return z;
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
        // MLflow puts a SQLite store's artifacts under ./mlruns of the working directory; keep them in the temp dir.
        MlflowConfig.set("default.artifact.root", dir.resolve("mlruns").toString());
        return kind.equals("file") ? "file://" + dir.resolve("mlruns") : "sqlite:///" + dir.resolve("mlflow.db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void runsNestedRunsArtifactsAndModelsAreReadBackByJavaAndPython(String kind) throws Exception {
        Mlflow.setTrackingUri(uri(kind));
        String experimentId = Mlflow.setExperiment("fluent-" + kind).experimentId();
        String parentId;
        String childId;
        LoggedModel model;
        Weights weights = new Weights(new double[] {0.5, -1.25, 2}, 0.1);
        try (ActiveRun parent = Mlflow.startRun("parent")) {
            parentId = parent.runId();
            Mlflow.logParam("trees", 100);
            Mlflow.logParams(Map.of("lr", 0.01, "depth", "8"));
            for (int step = 0; step < 20; step++) Mlflow.logMetric("loss", 1.0 / (step + 1), step);
            Mlflow.setTag("team", "ml");
            Mlflow.logText("hello\n", "notes/readme.txt");
            try (ActiveRun child = Mlflow.startRun(RunOptions.named("child").nested(true))) {
                childId = child.runId();
                Mlflow.logMetric("acc", 0.75);
            }
            model = Mlflow.logModel(weights, "model");
        }
        assertNotNull(model);
        assertEquals(LoggedModelStatus.READY, model.status());

        MlflowClient client = Mlflow.client();
        Run parent = client.getRun(parentId);
        assertEquals(RunStatus.FINISHED, parent.info().status());
        assertEquals("100", parent.data().params().get("trees"));
        assertEquals("0.01", parent.data().params().get("lr"));
        assertEquals("ml", parent.data().tags().get("team"));
        assertEquals("parent", parent.data().tags().get("mlflow.runName"));
        assertEquals("LOCAL", parent.data().tags().get("mlflow.source.type"));
        assertEquals(System.getProperty("user.name"), parent.data().tags().get("mlflow.user"));
        List<Metric> loss = client.getMetricHistory(parentId, "loss");
        assertEquals(20, loss.size());
        assertEquals(1.0 / 20, loss.get(19).value());
        assertEquals(parentId, client.getRun(childId).data().tags().get("mlflow.parentRunId"));
        assertEquals(List.of(model.modelId()), parent.modelOutputs());

        Weights byRun = Mlflow.loadModel("runs:/" + parentId + "/model");
        Weights byId = Mlflow.loadModel("models:/" + model.modelId());
        double[] x = {1, 2, 3};
        assertEquals(weights.predict(x), byRun.predict(x));
        assertArrayEquals(weights.w(), byId.w());

        assertTrue(log.stream().anyMatch(l -> l.startsWith("run parent (" + parentId + ") FINISHED: 3 params, 20 metric points")
                && l.contains("view: ")), log.toString());

        JsonNode py = PythonMlflow.json(uri(kind), dir, String.join("\n",
                "import json, mlflow",
                "from mlflow import MlflowClient",
                "c = MlflowClient()",
                "r = c.get_run('" + parentId + "')",
                "child = c.get_run('" + childId + "')",
                "hist = [(m.step, m.value) for m in c.get_metric_history('" + parentId + "', 'loss')]",
                "arts = [f.path for f in c.list_artifacts('" + parentId + "', 'notes')]",
                "df = mlflow.search_runs(experiment_ids=['" + experimentId + "'])",
                "models = mlflow.search_logged_models(experiment_ids=['" + experimentId + "'], output_format='list')",
                "local = mlflow.artifacts.download_artifacts('models:/" + model.modelId() + "')",
                "import os",
                "print(json.dumps({'status': r.info.status, 'params': r.data.params, 'tags': r.data.tags,",
                "  'hist': hist, 'arts': arts, 'n_runs': len(df), 'parent_of_child': child.data.tags.get('mlflow.parentRunId'),",
                "  'models': [(m.model_id, m.name, str(m.status), m.source_run_id) for m in models],",
                "  'outputs': [o.model_id for o in (r.outputs.model_outputs if r.outputs else [])],",
                "  'files': sorted(os.listdir(local))}))"));
        assertEquals("FINISHED", py.get("status").asText());
        assertEquals("100", py.get("params").get("trees").asText());
        assertEquals("ml", py.get("tags").get("team").asText());
        assertEquals(20, py.get("hist").size());
        assertEquals(19, py.get("hist").get(19).get(0).asInt());
        assertEquals(0.05, py.get("hist").get(19).get(1).asDouble(), 1e-12);
        assertEquals("notes/readme.txt", py.get("arts").get(0).asText());
        assertEquals(2, py.get("n_runs").asInt());
        assertEquals(parentId, py.get("parent_of_child").asText());
        assertEquals(model.modelId(), py.get("models").get(0).get(0).asText());
        assertEquals("model", py.get("models").get(0).get(1).asText());
        assertTrue(py.get("models").get(0).get(2).asText().contains("READY"), py.toString());
        assertEquals(parentId, py.get("models").get(0).get(3).asText());
        assertEquals(model.modelId(), py.get("outputs").get(0).asText());
        assertTrue(py.get("files").toString().contains("MLmodel") && py.get("files").toString().contains("model.ser"),
                py.get("files").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void badInputsWarnOnceAndTheOtherDataSurvives(String kind) {
        Mlflow.setTrackingUri(uri(kind));
        String runId;
        try (ActiveRun run = Mlflow.startRun("bad-inputs")) {
            runId = run.runId();
            Mlflow.logParam("k".repeat(300), "long key");
            Mlflow.logMetric("nan_loss", Double.NaN, 0);
            Mlflow.logMetric("inf_grad", Double.POSITIVE_INFINITY, 0);
            Mlflow.logMetric("acc@top1", 0.5);
            Mlflow.logParam("lr", 0.1);
            Mlflow.logParam("lr", 0.2);
            Mlflow.logMetric("good", 1.0);
        }
        Run run = Mlflow.client().getRun(runId);
        assertEquals(java.util.Set.of("lr"), run.data().params().keySet(), "what MLflow refuses is left out, not renamed");
        assertTrue(Double.isNaN(run.data().metric("nan_loss")));
        assertEquals(Double.POSITIVE_INFINITY, run.data().metric("inf_grad"));
        assertEquals(java.util.Set.of("nan_loss", "inf_grad", "good"),
                run.data().metrics().stream().map(Metric::key).collect(java.util.stream.Collectors.toSet()));
        assertEquals("0.1", run.data().params().get("lr"));
        assertEquals(1.0, run.data().metric("good"));
        String all = String.join("\n", log);
        assertTrue(all.contains("longer than MLflow's limit of 250 characters"), all);
        assertTrue(all.contains("metric 'nan_loss' has the value NaN"), all);
        assertTrue(all.contains("metric 'acc@top1' is not logged: MLflow names may only contain"), all);
        assertTrue(all.contains("param 'lr'") && all.contains("cannot change within a run"), all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void withRunEndsFailedAndRethrowsTheOriginalException(String kind) {
        Mlflow.setTrackingUri(uri(kind));
        IllegalStateException boom = new IllegalStateException("diverged");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Mlflow.withRun(RunOptions.named("failing"), () -> {
            Mlflow.logMetric("loss", 1.0);
            throw boom;
        }));
        assertTrue(thrown == boom);
        ActiveRun last = Mlflow.lastActiveRun();
        Run run = Mlflow.client().getRun(last.runId());
        assertEquals(RunStatus.FAILED, run.info().status());
        assertEquals(1.0, run.data().metric("loss"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void aStartedRunIsRequiredToBeNestedExplicitly(String kind) {
        Mlflow.setTrackingUri(uri(kind));
        try (ActiveRun outer = Mlflow.startRun("outer")) {
            MlflowException e = assertThrows(MlflowException.class, () -> Mlflow.startRun("inner"));
            assertTrue(e.getMessage().contains("already active"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void loggingWithNoActiveRunStartsOne(String kind) {
        Mlflow.setTrackingUri(uri(kind));
        Mlflow.logMetric("x", 3.0);
        ActiveRun r = Mlflow.activeRun();
        assertNotNull(r);
        Mlflow.endRun();
        assertEquals(3.0, Mlflow.client().getRun(r.runId()).data().metric("x"));
        assertEquals(RunStatus.FINISHED, Mlflow.client().getRun(r.runId()).info().status());
    }
}
