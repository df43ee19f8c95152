package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Runs;
import io.jmlflow.testing.SvgPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.jmlflow.testing.Runs.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 for Smile 3: estimator tags, the train dataset input and its digest, MLflow's training metrics, the
 * classifier plots and estimator.html, and evaluations user code runs afterwards (on the model's run and on its
 * logged model), read back by Java and by the real Python MLflow.
 */
class SmileRunContentsTest {
    @TempDir
    Path dir;

    @Test
    void runsHaveTagsDatasetsPlotsTrainingAndEvaluationMetrics() throws Exception {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(EvaluationProgram.class, uri).workDir(dir));
        Map<String, String> runs = Runs.lines(r, "RUN");
        Map<String, String> evals = Runs.lines(r, "EVAL");
        try (MlflowClient client = new MlflowClient(uri)) {
            Run first = client.getRun(runs.get("first"));
            Map<String, String> tags = first.data().tags();
            assertEquals("smile", tags.get("mlflow.autologging"));
            assertEquals("RandomForest", tags.get("estimator_name"));
            assertEquals("smile.classification.RandomForest", tags.get("estimator_class"));

            DatasetInput train = input(first, "train");
            assertEquals("dataset", train.dataset().name());
            assertEquals(train.dataset().digest(), input(client.getRun(runs.get("same")), "train").dataset().digest(),
                    "equal data, equal digest");
            assertNotEquals(train.dataset().digest(),
                    input(client.getRun(runs.get("other")), "train").dataset().digest());
            assertTrue(train.dataset().schema().contains("\"x0\"") && train.dataset().schema().contains("\"label\""),
                    train.dataset().schema());
            assertTrue(train.dataset().profile().contains("500"), train.dataset().profile());

            for (String m : List.of("training_accuracy_score", "training_precision_score", "training_recall_score",
                    "training_f1_score", "training_log_loss", "training_roc_auc", "training_score")) {
                assertTrue(metric(first, m) >= 0, m);
            }
            assertTrue(metric(first, "training_accuracy_score") <= 1);
            assertTrue(metric(first, "oob_accuracy") > 0.5, "Smile's out-of-bag metrics are kept");

            Path artifacts = client.downloadArtifacts(first.runId(), "", dir.resolve("first"));
            SvgPlot.read(artifacts.resolve("training_confusion_matrix.svg")).assertPlot("confusion matrix",
                    "Normalized confusion matrix", "Predicted label", "True label");
            SvgPlot.read(artifacts.resolve("training_roc_curve.svg")).assertPlot("ROC", "ROC curve",
                    "False Positive Rate");
            SvgPlot.read(artifacts.resolve("training_precision_recall_curve.svg")).assertPlot("PR",
                    "Precision recall curve", "Recall");
            String html = Files.readString(artifacts.resolve("estimator.html"));
            assertTrue(html.contains("smile.classification.RandomForest") && html.contains("ntrees"), html);

            // Accuracy.of(truth, model.predict(test)) after training: MLflow's metric set, on the run and the model
            double accuracy = Double.parseDouble(evals.get("first"));
            assertEquals(accuracy, metric(first, "eval_accuracy_score"), 1e-12);
            for (String m : List.of("eval_precision_score", "eval_recall_score", "eval_f1_score")) {
                assertTrue(metric(first, m) > 0, m);
            }
            assertEquals(Double.parseDouble(evals.get("first_second")), metric(first, "eval_2_accuracy_score"), 1e-12,
                    "another data set: the next prefix");
            LoggedModel model = client.getLoggedModel(first.modelOutputs().get(0));
            Map<String, Double> modelMetrics = model.metrics().stream()
                    .collect(Collectors.toMap(Metric::key, Metric::value, (a, b) -> b));
            assertEquals(accuracy, modelMetrics.get("eval_accuracy_score"), 1e-12);
            assertTrue(modelMetrics.containsKey("training_accuracy_score"));
            List<DatasetInput> evalInputs = first.datasetInputs().stream()
                    .filter(i -> "eval".equals(i.tags().get("mlflow.data.context"))).toList();
            assertEquals(2, evalInputs.size(), "both evaluated data sets: " + first.datasetInputs());

            // ClassificationValidation.of trains (its own run) and scores with probabilities
            Run validated = client.getRun(runs.get("validated"));
            assertEquals(Double.parseDouble(evals.get("validated")), metric(validated, "eval_accuracy_score"), 1e-12);
            assertTrue(metric(validated, "eval_roc_auc") > 0.5);
            assertTrue(metric(validated, "eval_log_loss") > 0);
            Runs.assertEvalInputNamedByModelMetric(uri, dir, validated.runId(), "eval_accuracy_score");

            Run regression = client.getRun(runs.get("regression"));
            assertEquals("GradientTreeBoost", regression.data().tags().get("estimator_name"));
            assertEquals(Double.parseDouble(evals.get("regression")),
                    metric(regression, "eval_root_mean_squared_error"), 1e-9);
            for (String m : List.of("training_mean_squared_error", "training_root_mean_squared_error",
                    "training_mean_absolute_error", "training_r2_score", "eval_r2_score")) {
                assertTrue(regression.data().metric(m) != null, m);
            }
            Path regressionArtifacts = client.downloadArtifacts(regression.runId(), "", dir.resolve("regression"));
            assertTrue(Files.exists(regressionArtifacts.resolve("estimator.html")));
            assertTrue(Files.notExists(regressionArtifacts.resolve("training_confusion_matrix.svg")),
                    "plots are for classifiers");

            Run arrays = client.getRun(runs.get("arrays"));
            assertEquals("LogisticRegression$Multinomial", arrays.data().tags().get("estimator_name"));
            DatasetInput rows = input(arrays, "train");
            assertTrue(rows.dataset().schema().contains("\"x3\"") && rows.dataset().schema().contains("\"label\""),
                    rows.dataset().schema());
            assertTrue(metric(arrays, "training_accuracy_score") > 0.5);
            assertTrue(metric(arrays, "training_roc_auc") > 0.5, "weighted one-vs-rest over Smile's posteriori");
        }

        JsonNode py = PythonMlflow.json(uri, dir, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                r = c.get_run("%s")
                m = mlflow.get_logged_model(r.outputs.model_outputs[0].model_id)
                print(json.dumps({"inputs": [{"name": d.dataset.name, "digest": d.dataset.digest,
                                              "context": {t.key: t.value for t in d.tags}.get("mlflow.data.context")}
                                             for d in r.inputs.dataset_inputs],
                                  "model_metrics": {x.key: x.value for x in m.metrics}}))
                """.formatted(runs.get("first")));
        List<String> contexts = new java.util.ArrayList<>();
        for (JsonNode i : py.get("inputs")) contexts.add(i.get("context").asText());
        contexts.sort(null);
        assertEquals(List.of("eval", "eval", "train"), contexts);
        assertEquals(Double.parseDouble(evals.get("first")), py.get("model_metrics").get("eval_accuracy_score").asDouble(),
                1e-12);
    }

    private static DatasetInput input(Run run, String context) {
        List<DatasetInput> found = run.datasetInputs().stream()
                .filter(i -> context.equals(i.tags().get("mlflow.data.context"))).toList();
        assertEquals(1, found.size(), context + " inputs of " + run.info().runName() + ": " + run.datasetInputs());
        return found.get(0);
    }
}
