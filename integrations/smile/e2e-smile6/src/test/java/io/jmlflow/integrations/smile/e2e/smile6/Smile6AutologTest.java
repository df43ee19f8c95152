package io.jmlflow.integrations.smile.e2e.smile6;

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
import io.jmlflow.testing.SvgPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static io.jmlflow.testing.Runs.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Smile 6.3.0 on JDK 25 under the same agent jar as Smile 3: Options records (defaults included) as params, the
 * progress Smile publishes as metric history, models that reload identically, seen by Python MLflow too.
 */
class Smile6AutologTest {
    @TempDir
    Path dir;

    @Test
    void modelsAreLoggedWithOptionsProgressHistoryAndReloadWithIdenticalPredictions() throws Exception {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = Smile6Jvm.ok(Smile6Jvm.traced("ModelsProgram", uri).workDir(dir));
        Map<String, String> reported = Runs.lines(r, "MODEL");
        assertEquals(List.of("RandomForest", "GradientTreeBoost", "LogisticRegression", "RegressionGradientTreeBoost",
                "KMeans"), List.copyOf(reported.keySet()), r.describe());
        reported.forEach((model, line) -> assertTrue(line.endsWith(" true"),
                model + ": the reloaded model predicts as the original: " + line));

        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "Default");
            assertEquals(5, runs.size());
            for (Run run : runs) {
                assertEquals(RunStatus.FINISHED, run.info().status());
                assertEquals("smile", run.data().tags().get("mlflow.autologging"));
                assertEquals(1, run.modelOutputs().size());
                LoggedModel model = client.getLoggedModel(run.modelOutputs().get(0));
                assertEquals(LoggedModelStatus.READY, model.status());
            }

            Run rf = client.getRun(runId(reported, "RandomForest"));
            assertEquals(Map.ofEntries(Map.entry("formula", "label ~ ."), Map.entry("trees", "30"),
                    Map.entry("mtry", "2"), Map.entry("split_rule", "GINI"), Map.entry("max_depth", "20"),
                    Map.entry("max_nodes", "0"), Map.entry("node_size", "5"), Map.entry("sampling_rate", "1.0"),
                    Map.entry("model_class", "smile.classification.RandomForest"),
                    Map.entry("training_set_size", "600"), Map.entry("num_features", "4"),
                    Map.entry("num_classes", "3")), rf.data().params(), "RandomForest.Options.toProperties()");
            assertTrue(metric(rf, "oob_accuracy") > 0.8);
            assertTrue(client.getMetricHistory(rf.runId(), "tree_oob_accuracy").isEmpty(),
                    "no per-tree curve: each tree's own OOB score is no learning curve of the forest");

            Run gbt = client.getRun(runId(reported, "GradientTreeBoost"));
            assertEquals("25", gbt.data().params().get("trees"));
            assertEquals("0.05", gbt.data().params().get("shrinkage"));
            List<Metric> loss = Runs.history(client, gbt.runId(), "training_loss");
            assertEquals(LongStream.rangeClosed(1, 25).boxed().toList(), loss.stream().map(Metric::step).toList());
            assertTrue(loss.get(24).value() < loss.get(0).value(), "boosting lowers the loss: " + loss);
            assertTrue(metric(gbt, "training_accuracy_score") > 0.9);
            assertEquals("GradientTreeBoost", gbt.data().tags().get("estimator_name"));

            Run lr = client.getRun(runId(reported, "LogisticRegression"));
            assertEquals(Map.of("lambda", "0.1", "tolerance", "1e-05", "iterations", "500", "num_classes", "2",
                    "num_features", "4", "training_set_size", "600",
                    "model_class", "smile.classification.LogisticRegression$Binomial"), lr.data().params());
            assertTrue(metric(lr, "training_roc_auc") > 0.95, "binary, with Smile's posteriori");

            Run reg = client.getRun(runId(reported, "RegressionGradientTreeBoost"));
            assertEquals("LeastAbsoluteDeviation", reg.data().params().get("loss"));
            assertEquals(20, client.getMetricHistory(reg.runId(), "training_loss").size());
            assertTrue(metric(reg, "training_r2_score") > 0.5);

            Run km = client.getRun(runId(reported, "KMeans"));
            assertEquals("3", km.data().params().get("k"));
            assertEquals("50", km.data().params().get("iterations"));
            assertEquals("smile.clustering.CentroidClustering", km.data().params().get("model_class"));
            List<Metric> distortion = Runs.history(client, km.runId(), "distortion");
            assertTrue(distortion.size() >= 2 && distortion.get(0).step() == 1, "per iteration: " + distortion);
            assertEquals(3.0, metric(km, "num_clusters"));
        }

        JsonNode py = PythonMlflow.json(uri, dir, """
                import json, mlflow
                out = []
                for m in mlflow.search_logged_models(experiment_ids=["0"], output_format="list"):
                    info = mlflow.models.get_model_info(f"models:/{m.model_id}")
                    out.append({"status": str(m.status), "flavor": info.flavors["smile"],
                                "inputs": info.signature.inputs.input_names()})
                print(json.dumps(out))
                """);
        assertEquals(5, py.size());
        for (JsonNode m : py) {
            assertEquals("READY", m.get("status").asText());
            assertEquals("6.3.0", m.get("flavor").get("smile_version").asText());
            assertTrue(m.get("flavor").get("java_version").asText().startsWith("25"), m.toString());
            assertEquals(4, m.get("inputs").size());
        }
    }

    @Test
    void aUsersOwnProgressControllerIsLeftAlone() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result own = Smile6Jvm.ok(Smile6Jvm.traced("OwnControllerProgram", uri));
        assertEquals("STATUSES 10", own.stdout().trim(), "every status reached the program's own subscriber");
        try (MlflowClient client = new MlflowClient(uri)) {
            Run gbt = Runs.named(Runs.all(client, "Default"), "GradientTreeBoost");
            assertEquals("10", gbt.data().params().get("trees"));
            assertTrue(client.getMetricHistory(gbt.runId(), "training_loss").isEmpty(),
                    "no controller of ours when the user passed one");
            assertTrue(metric(gbt, "training_accuracy_score") > 0.5);
        }
    }

    @Test
    void crossValidationIsOneRunAndTheModelFactoryAParentRunWithChildren() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = Smile6Jvm.ok(Smile6Jvm.traced("ValidationProgram", uri));
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "Default");
            assertEquals(2 + 4, runs.size(), "the cross-validation is one run; the factory has its fits as children");
            Run cv = Runs.named(runs, "CrossValidation.classification");
            assertEquals(Double.parseDouble(Runs.lines(r, "CV").get("accuracy")), metric(cv, "cv_mean_accuracy_score"),
                    1e-12, "6.x records: the rounds' truth and predictions");
            assertTrue(metric(cv, "cv_std_accuracy_score") >= 0);
            assertEquals(3, Runs.history(client, cv.runId(), "cv_accuracy_score").size());
            assertEquals(3, Runs.history(client, cv.runId(), "cv_oob_accuracy").size());
            assertTrue(children(runs, cv).isEmpty(), "rounds are not candidates of a search");
            assertEquals("12", cv.data().params().get("trees"), "the setting validated");
            assertTrue(cv.data().params().keySet().stream().noneMatch(k -> k.startsWith("best_")));
            assertTrue(client.listArtifacts(cv.runId(), null).isEmpty(), "no cv_results.csv");

            Run factory = Runs.named(runs, "Model.classification");
            String[] printed = Runs.lines(r, "MODEL").get("validation").split(" test ");
            assertEquals(Double.parseDouble(printed[0]), metric(factory, "val_accuracy"), 1e-12);
            assertEquals(Double.parseDouble(printed[1]), metric(factory, "test_accuracy"), 1e-12);
            assertTrue(metric(factory, "training_accuracy") > 0.8);
            assertEquals("gradient-boost", factory.data().params().get("algorithm"));
            assertEquals("15", factory.data().params().get("trees"));
            assertEquals("3", factory.data().params().get("kfold"));
            assertEquals(4, children(runs, factory).size(), "3 folds and the final fit on all training rows");
            assertEquals(1, factory.modelOutputs().size(), "the ClassificationModel Smile returned");
            assertTrue(children(runs, factory).stream().allMatch(c -> c.modelOutputs().isEmpty()));
        }
    }

    @Test
    void tagsDatasetsPlotsAndEvaluationsOfSmile6() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = Smile6Jvm.ok(Smile6Jvm.traced("EvaluationProgram", uri));
        Map<String, String> runs = Runs.lines(r, "RUN");
        Map<String, String> evals = Runs.lines(r, "EVAL");
        try (MlflowClient client = new MlflowClient(uri)) {
            Run first = client.getRun(runs.get("first"));
            assertEquals("smile", first.data().tags().get("mlflow.autologging"));
            assertEquals("RandomForest", first.data().tags().get("estimator_name"));
            assertEquals("smile.classification.RandomForest", first.data().tags().get("estimator_class"));
            String digest = train(first).dataset().digest();
            assertEquals(digest, train(client.getRun(runs.get("same"))).dataset().digest());
            assertTrue(metric(first, "training_roc_auc") > 0.5);
            List<String> artifacts = client.listArtifacts(first.runId(), null).stream()
                    .map(io.jmlflow.entities.FileInfo::path).toList();
            assertTrue(artifacts.containsAll(List.of("training_confusion_matrix.svg", "training_roc_curve.svg",
                    "training_precision_recall_curve.svg", "estimator.html")), artifacts.toString());
            Path roc = client.downloadArtifacts(first.runId(), "training_roc_curve.svg", dir.resolve("svg"));
            SvgPlot.read(roc).assertPlot("ROC", "ROC curve", "False Positive Rate", "True Positive Rate");

            double accuracy = Double.parseDouble(evals.get("first"));
            assertEquals(accuracy, metric(first, "eval_accuracy_score"), 1e-12, "Smile 6 predict + Accuracy.of");
            LoggedModel model = client.getLoggedModel(first.modelOutputs().get(0));
            assertEquals(accuracy, model.metrics().stream().filter(m -> m.key().equals("eval_accuracy_score"))
                    .findFirst().orElseThrow().value(), 1e-12);
            Run validated = client.getRun(runs.get("validated"));
            assertEquals(Double.parseDouble(evals.get("validated")), metric(validated, "eval_accuracy_score"), 1e-12,
                    "Smile 6's ClassificationValidation record");
            assertTrue(metric(validated, "eval_roc_auc") > 0.5);
            io.jmlflow.testing.Runs.assertEvalInputNamedByModelMetric(uri, dir, validated.runId(), "eval_accuracy_score");
        }
    }

    private static io.jmlflow.entities.DatasetInput train(Run run) {
        return run.datasetInputs().stream().filter(i -> "train".equals(i.tags().get("mlflow.data.context")))
                .findFirst().orElseThrow(() -> new AssertionError("no train input: " + run.datasetInputs()));
    }

    private static List<Run> children(List<Run> runs, Run parent) {
        return runs.stream().filter(x -> parent.runId().equals(x.data().tags().get("mlflow.parentRunId"))).toList();
    }

    private static String runId(Map<String, String> reported, String model) {
        return reported.get(model).split(" ")[0];
    }
}
