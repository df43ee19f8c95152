package io.jmlflow.integrations.tribuo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.samples.tribuo.TribuoSample;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.SvgPlot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 for Tribuo: {@link RunPictureApp}, a program without MLflow code, run once under the agent with a
 * SQLite store; checked with our client and the real Python MLflow: tags, dataset inputs and their digests,
 * MLflow-named training metrics, classifier plots and estimator.html, eval metrics on the run and the logged
 * model, and a cross-validation as one parent with a child run per fold.
 */
class TribuoRunPictureTest {
    private static Path dir;
    private static String uri;
    private static JavaProcess.Result result;
    private static MlflowClient client;
    private static Map<String, String> printed;
    private static Map<String, Run> byId;

    @BeforeAll
    static void runTheAppUnderTheAgent() throws Exception {
        dir = Files.createTempDirectory("tribuo-picture");
        uri = "sqlite:///" + dir.resolve("mlflow.db");
        result = TribuoJvm.withAgent(RunPictureApp.class, null, uri).workDir(dir).run(180);
        assertEquals(0, result.exitCode(), result.describe());
        printed = new HashMap<>();
        for (String line : result.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) printed.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
        client = new MlflowClient(uri);
        String experiment = client.getExperimentByName("tribuo-sample").orElseThrow().experimentId();
        byId = client.searchRuns(List.of(experiment), "").stream().collect(Collectors.toMap(Run::runId, r -> r));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (client != null) client.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Run run(String what) {
        Run r = byId.get(printed.get(what));
        assertNotNull(r, what + " has no run: " + printed + " " + byId.keySet());
        return r;
    }

    private static double metric(Run run, String key) {
        Double v = run.data().metric(key);
        assertNotNull(v, key + " missing from " + run.data().metrics().stream().map(Metric::key).sorted().toList());
        return v;
    }

    private static List<DatasetInput> inputs(Run run, String context) {
        return run.datasetInputs().stream().filter(i -> context.equals(i.tags().get("mlflow.data.context"))).toList();
    }

    private static Run crossValidationRun() {
        List<Run> parents = byId.values().stream().filter(r -> r.data().params().containsKey("cv.num_folds")).toList();
        assertEquals(1, parents.size(), byId.values().toString());
        return parents.get(0);
    }

    private static Set<String> artifacts(Run run) {
        return client.listArtifacts(run.runId(), null).stream().map(FileInfo::path).collect(Collectors.toSet());
    }

    private static byte[] artifact(Run run, String path) throws Exception {
        Path out = Files.createTempDirectory(dir, "artifact");
        Path file = client.downloadArtifacts(run.runId(), path, out);
        return Files.readAllBytes(Files.isDirectory(file) ? file.resolve(path) : file);
    }

    @Test
    void everyTrainingIsAnAutologRunWithEstimatorTags() {
        assertFalse(result.stderr().contains("[mlflow] WARNING"), result.stderr());
        assertEquals(4 + 1, byId.size(), "four trainings and a cross-validation: " + byId.values());
        for (String what : List.of("same-1", "same-2", "other", "logistic")) {
            Run r = run(what);
            assertEquals("tribuo", r.data().tags().get("mlflow.autologging"));
            assertEquals(r.data().tags().get("estimator_class").substring(r.data().tags().get("estimator_class")
                    .lastIndexOf('.') + 1), r.data().tags().get("estimator_name"));
        }
        assertEquals("org.tribuo.classification.dtree.CARTClassificationTrainer",
                run("same-1").data().tags().get("estimator_class"));
        assertEquals("LogisticRegressionTrainer", run("logistic").data().tags().get("estimator_name"));
    }

    @Test
    void theTrainingDataIsATrainInputWhoseDigestFollowsItsContent() {
        DatasetInput a = inputs(run("same-1"), "train").get(0);
        DatasetInput b = inputs(run("same-2"), "train").get(0);
        DatasetInput c = inputs(run("other"), "train").get(0);
        assertEquals(1, inputs(run("same-1"), "train").size());
        assertEquals("checkerboard", a.dataset().name());
        assertEquals(a.dataset().digest(), b.dataset().digest(), "the same data gives the same digest");
        assertNotEquals(a.dataset().digest(), c.dataset().digest(), "other data, another digest");
        assertTrue(a.dataset().schema().contains("\"label\""), a.dataset().schema());
        assertTrue(a.dataset().profile().contains("300"), a.dataset().profile());
        assertEquals("300", run("same-1").data().params().get("training_metrics_rows"));
    }

    @Test
    void trainingMetricsHaveMlflowsNamesAndTribuosValues() {
        Model<Label> tree = new CARTClassificationTrainer(5).train(TribuoSample.checkerboard(300, 1L));
        LabelEvaluation onTraining = new LabelEvaluator().evaluate(tree, TribuoSample.checkerboard(300, 1L));
        Run cart = run("same-1");
        assertEquals(onTraining.accuracy(), metric(cart, "training_accuracy_score"), 1e-12);
        assertEquals(onTraining.accuracy(), metric(cart, "training_score"), 1e-12);
        for (String key : List.of("training_precision_score", "training_recall_score", "training_f1_score")) {
            assertTrue(metric(cart, key) > 0.5 && metric(cart, key) <= 1.0, key);
        }
        assertNull(cart.data().metric("training_roc_auc"), "a tree gives no probabilities");
        assertNull(cart.data().metric("training_log_loss"));
        assertNull(cart.data().metric("training_accuracy"), "the Tribuo-named keys are gone");

        Run logistic = run("logistic");
        assertTrue(metric(logistic, "training_roc_auc") > 0.5);
        assertTrue(metric(logistic, "training_log_loss") > 0.0);
        assertTrue(metric(logistic, "training_accuracy_score") > 0.5);
    }

    @Test
    void classifiersGetThreeSvgPlotsAndAnEstimatorPage() throws Exception {
        Run logistic = run("logistic");
        Set<String> files = artifacts(logistic);
        for (String plot : List.of("training_confusion_matrix.svg", "training_roc_curve.svg",
                "training_precision_recall_curve.svg")) {
            assertTrue(files.contains(plot), plot + " missing from " + files);
        }
        SvgPlot.parse(artifact(logistic, "training_confusion_matrix.svg")).assertPlot("confusion matrix",
                "Normalized confusion matrix", "Predicted label");
        SvgPlot.parse(artifact(logistic, "training_roc_curve.svg")).assertPlot("ROC", "ROC curve", "False Positive Rate");
        SvgPlot.parse(artifact(logistic, "training_precision_recall_curve.svg")).assertPlot("PR", "Precision recall curve");
        assertTrue(new String(artifact(logistic, "estimator.html")).contains("LogisticRegressionTrainer"));
        Set<String> tree = artifacts(run("same-1"));
        assertTrue(tree.contains("training_confusion_matrix.svg") && tree.contains("estimator.html"), tree.toString());
        assertFalse(tree.contains("training_roc_curve.svg"), "no probabilities, no ROC curve");
    }

    @Test
    void evaluationsGoToTheRunAndItsLoggedModelUnderTheEvalPrefix() {
        Run cart = run("same-1");
        double printedAccuracy = Double.parseDouble(printed.get("same-1-eval-accuracy"));
        assertEquals(printedAccuracy, metric(cart, "eval_accuracy_score"), 1e-12, "the first data evaluated: eval_");
        assertTrue(metric(cart, "eval_checkerboard_2_accuracy_score") > 0.5, "other data: eval_<name>_");
        List<DatasetInput> evals = inputs(cart, "eval");
        assertEquals(Set.of("checkerboard_eval", "checkerboard_eval_2"),
                evals.stream().map(i -> i.dataset().name()).collect(Collectors.toSet()));
        assertEquals(1, cart.modelOutputs().size());
        LoggedModel model = client.getLoggedModel(cart.modelOutputs().get(0));
        assertTrue(model.metrics().stream().anyMatch(m -> m.key().equals("eval_accuracy_score")
                && Math.abs(m.value() - printedAccuracy) < 1e-12), model.metrics().toString());
        assertTrue(model.metrics().stream().anyMatch(m -> m.key().equals("training_accuracy_score")));

        Run logistic = run("logistic");
        assertEquals(Double.parseDouble(printed.get("logistic-eval-accuracy")), metric(logistic, "eval_accuracy_score"), 1e-12);
        assertTrue(metric(logistic, "eval_roc_auc") > 0.5);
        assertNull(run("same-2").data().metric("eval_accuracy_score"), "never evaluated");
    }

    @Test
    void crossValidationIsOneRunWithTheFoldsAsHistory() throws Exception {
        Run cv = crossValidationRun();
        assertEquals("tribuo", cv.data().tags().get("mlflow.autologging"));
        assertEquals("CARTClassificationTrainer", cv.data().tags().get("estimator_name"));
        assertEquals("4", cv.data().params().get("maxDepth"));
        assertEquals("3", cv.data().params().get("cv.num_folds"));
        assertTrue(byId.values().stream().noneMatch(r -> cv.runId().equals(r.data().tags().get("mlflow.parentRunId"))),
                "folds are not candidates of a search: no child runs");
        List<Metric> folds = client.getMetricHistory(cv.runId(), "cv_accuracy_score");
        folds.sort(Comparator.comparingLong(Metric::step));
        assertEquals(List.of(1L, 2L, 3L), folds.stream().map(Metric::step).toList());
        for (int i = 0; i < 3; i++) {
            assertEquals(Double.parseDouble(printed.get("cv-fold-" + (i + 1) + "-accuracy")), folds.get(i).value(), 1e-12);
        }
        assertEquals(Double.parseDouble(printed.get("cv-mean-accuracy")), metric(cv, "cv_mean_accuracy_score"), 1e-12);
        assertTrue(metric(cv, "cv_std_accuracy_score") >= 0);
        assertNotNull(cv.data().metric("cv_mean_f1_score"));
        assertTrue(cv.data().params().keySet().stream().noneMatch(k -> k.startsWith("best_")), cv.data().params().toString());
        assertTrue(cv.data().metrics().stream().noneMatch(m -> m.key().startsWith("best_")));
        assertEquals(1, inputs(cv, "train").size());
        assertTrue(cv.modelOutputs().isEmpty(), "cross-validation keeps no model");
        assertFalse(artifacts(cv).contains("cv_results.csv"));
    }

    @Test
    void theRealMlflowClientReadsTheDatasetInputsAndTheModelsEvalMetrics() {
        Run cart = run("same-1");
        JsonNode seen = PythonMlflow.json(uri, dir, """
                import json, mlflow
                from mlflow import MlflowClient
                r = MlflowClient().get_run("%s")
                model = mlflow.get_logged_model("%s")
                print(json.dumps({
                    "inputs": [{"name": d.dataset.name, "digest": d.dataset.digest,
                                "context": {t.key: t.value for t in d.tags}.get("mlflow.data.context"),
                                "schema": d.dataset.schema, "profile": d.dataset.profile}
                               for d in r.inputs.dataset_inputs],
                    "model_metrics": {m.key: m.value for m in model.metrics},
                }))
                """.formatted(cart.runId(), cart.modelOutputs().get(0)));
        Set<String> inputs = new java.util.HashSet<>();
        for (JsonNode input : seen.get("inputs")) {
            inputs.add(input.get("name").asText() + "/" + input.get("context").asText());
            assertTrue(input.get("schema").asText().contains("mlflow_colspec"), input.toString());
        }
        assertEquals(Set.of("checkerboard/train", "checkerboard_eval/eval", "checkerboard_eval_2/eval"), inputs,
                seen.toString());
        String trainDigest = inputs(cart, "train").get(0).dataset().digest();
        assertTrue(seen.get("inputs").toString().contains(trainDigest), seen.toString());
        assertEquals(Double.parseDouble(printed.get("same-1-eval-accuracy")),
                seen.get("model_metrics").get("eval_accuracy_score").asDouble(), 1e-12);
    }
}
