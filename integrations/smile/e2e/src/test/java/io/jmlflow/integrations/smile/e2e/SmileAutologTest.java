package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.jmlflow.testing.Runs.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Smile 3.1.1 on this JVM (17) under the agent: five kinds of model, read back by Java and by Python MLflow. */
class SmileAutologTest {
    @TempDir
    Path dir;

    @Test
    void modelsAreLoggedWithParamsMetricsHistoryAndReloadWithIdenticalPredictions() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(ModelsProgram.class, uri));
        Map<String, String> reported = Runs.lines(r, "MODEL");
        assertEquals(List.of("RandomForest", "GradientTreeBoost", "LogisticRegression", "RegressionGradientTreeBoost",
                "KMeans"), List.copyOf(reported.keySet()), r.stdout());
        reported.forEach((model, line) -> assertTrue(line.endsWith(" true"),
                model + ": the reloaded model predicts as the original: " + line));

        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "Default");
            assertEquals(5, runs.size(), "one run per fit, none for the overloads each fit goes through");
            for (Run run : runs) {
                assertEquals(RunStatus.FINISHED, run.info().status());
                assertEquals("smile", run.data().tags().get("mlflow.autologging"));
                assertEquals(1, run.modelOutputs().size());
                LoggedModel model = client.getLoggedModel(run.modelOutputs().get(0));
                assertEquals(LoggedModelStatus.READY, model.status());
                assertEquals("model", model.name());
                assertEquals(run.data().params(), model.params());
            }

            Run rf = client.getRun(runId(reported, "RandomForest"));
            assertEquals("RandomForest", rf.info().runName());
            Map<String, String> p = rf.data().params();
            assertEquals(Map.ofEntries(Map.entry("formula", "label ~ ."), Map.entry("ntrees", "30"),
                    Map.entry("mtry", "2"), Map.entry("rule", "GINI"), Map.entry("maxDepth", "20"),
                    Map.entry("maxNodes", "120"), Map.entry("nodeSize", "5"), Map.entry("subsample", "1.0"),
                    Map.entry("model_class", "smile.classification.RandomForest"),
                    Map.entry("training_set_size", "600"), Map.entry("num_features", "4"),
                    Map.entry("num_classes", "3")), p, "Smile's defaults included");
            double oob = metric(rf, "oob_accuracy");
            assertTrue(oob > 0.8 && oob <= 1, "out-of-bag accuracy " + oob);
            assertEquals(1 - oob, metric(rf, "oob_error_rate"), 1e-9);
            assertTrue(metric(rf, "fit_time_ms") > 0);
            assertTrue(metric(rf, "training_accuracy_score") >= oob, "training rows score at least as well as OOB");
            assertEquals("RandomForest", rf.data().tags().get("estimator_name"));
            assertEquals("smile.classification.RandomForest", rf.data().tags().get("estimator_class"));
            assertTrue(client.getMetricHistory(rf.runId(), "tree_oob_accuracy").isEmpty(),
                    "no per-tree history: each tree's own OOB score is no learning curve of the forest");
            assertEquals(1, client.getMetricHistory(rf.runId(), "oob_accuracy").size(), "logged once");
            smile.classification.RandomForest back = (smile.classification.RandomForest) client.loadModel(
                    "runs:/" + rf.runId() + "/model");
            assertEquals(30, back.size());
            assertEquals(oob, back.metrics().accuracy, "the model this JVM loads is the one that was trained");

            Run gbt = client.getRun(runId(reported, "GradientTreeBoost"));
            assertEquals("25", gbt.data().params().get("ntrees"));
            assertEquals("0.05", gbt.data().params().get("shrinkage"));
            assertEquals("6", gbt.data().params().get("maxNodes"));
            assertTrue(metric(gbt, "training_accuracy_score") > 0.9);
            assertTrue(metric(gbt, "training_log_loss") > 0);
            assertNull(gbt.data().params().get("training_metrics_rows"), "600 rows: all are scored");

            Run lr = client.getRun(runId(reported, "LogisticRegression"));
            assertEquals(Map.of("lambda", "0.1", "tol", "1e-05", "maxIter", "500", "num_classes", "2",
                    "num_features", "4", "training_set_size", "600",
                    "model_class", "smile.classification.LogisticRegression$Binomial"), lr.data().params());
            assertTrue(metric(lr, "training_roc_auc") > 0.95);
            for (String m : List.of("training_f1_score", "training_precision_score", "training_recall_score",
                    "training_log_loss")) {
                assertTrue(metric(lr, m) > 0, m);
            }

            Run reg = client.getRun(runId(reported, "RegressionGradientTreeBoost"));
            assertEquals("smile.regression.GradientTreeBoost", reg.data().params().get("model_class"));
            assertEquals("target ~ .", reg.data().params().get("formula"));
            assertFalse(reg.data().params().containsKey("num_classes"));
            assertTrue(metric(reg, "training_r2_score") > 0.5 && metric(reg, "training_r2_score") <= 1);
            assertEquals(Math.sqrt(metric(reg, "training_mean_squared_error")),
                    metric(reg, "training_root_mean_squared_error"), 1e-9);
            assertTrue(metric(reg, "training_mean_absolute_error") > 0);

            Run km = client.getRun(runId(reported, "KMeans"));
            assertEquals(Map.of("k", "3", "maxIter", "100", "tol", "0.0001", "num_features", "4",
                    "training_set_size", "600", "model_class", "smile.clustering.KMeans"), km.data().params());
            assertEquals(3.0, metric(km, "num_clusters"));
            assertTrue(metric(km, "distortion") > 0);
        }

        JsonNode py = PythonMlflow.json(uri, dir, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                runs = {r.info.run_id: r for r in c.search_runs(["0"])}
                models = []
                for m in mlflow.search_logged_models(experiment_ids=["0"], output_format="list"):
                    info = mlflow.models.get_model_info(f"models:/{m.model_id}")
                    models.append({"run": m.source_run_id, "status": str(m.status), "name": m.name,
                                   "flavor": info.flavors["smile"],
                                   "inputs": info.signature.inputs.input_names(),
                                   "outputs": [str(t) for t in info.signature.outputs.input_types()],
                                   "metrics": {x.key: x.value for x in m.metrics}})
                print(json.dumps({"runs": {k: {"name": r.info.run_name, "params": r.data.params,
                                               "metrics": r.data.metrics} for k, r in runs.items()},
                                  "models": models}))
                """);
        assertEquals(5, py.get("runs").size());
        assertEquals("30", py.get("runs").get(runId(reported, "RandomForest")).get("params").get("ntrees").asText());
        assertEquals(5, py.get("models").size());
        for (JsonNode m : py.get("models")) {
            assertEquals("READY", m.get("status").asText());
            assertEquals("3.1.1", m.get("flavor").get("smile_version").asText());
            assertEquals("model.ser", m.get("flavor").get("data").asText());
            assertEquals(List.of("x0", "x1", "x2", "x3"), names(m.get("inputs")));
            String modelClass = m.get("flavor").get("model_class").asText();
            JsonNode run = py.get("runs").get(m.get("run").asText());
            assertEquals(run.get("params").get("model_class").asText(), modelClass);
            assertEquals(modelClass.startsWith("smile.regression.") ? "double" : "integer",
                    m.get("outputs").get(0).asText().toLowerCase().replace("datatype.", ""));
            if (modelClass.equals("smile.classification.RandomForest")) {
                assertEquals(run.get("metrics").get("oob_accuracy").asDouble(),
                        m.get("metrics").get("oob_accuracy").asDouble(), "metrics are linked to the model");
            }
        }
    }

    @Test
    void inAUsersRunTheFirstModelLogsIntoItAndTheNextIntoANestedRun() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(UserRunProgram.class, uri));
        String userRunId = Runs.lines(r, "USER").keySet().iterator().next();
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "smile-user");
            assertEquals(2, runs.size());
            Run user = client.getRun(userRunId);
            assertEquals("user-run", user.info().runName());
            assertEquals("me", user.data().params().get("owner"));
            assertEquals("smile.classification.RandomForest", user.data().params().get("model_class"));
            assertEquals(1, user.modelOutputs().size());
            Run nested = Runs.named(runs, "GradientTreeBoost");
            assertEquals(userRunId, nested.data().tags().get("mlflow.parentRunId"));
            assertEquals("smile.classification.GradientTreeBoost", nested.data().params().get("model_class"));
            assertEquals(RunStatus.FINISHED, nested.info().status());
            assertEquals(1, nested.modelOutputs().size());
        }
    }

    private static String runId(Map<String, String> reported, String model) {
        return reported.get(model).split(" ")[0];
    }

    private static List<String> names(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
