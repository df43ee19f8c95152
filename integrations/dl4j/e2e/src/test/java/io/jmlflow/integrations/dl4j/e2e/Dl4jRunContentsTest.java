package io.jmlflow.integrations.dl4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.samples.dl4j.IrisClassifier;
import io.jmlflow.samples.dl4j.IrisGraphClassifier;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.SvgPlot;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 for DL4J: what a run holds besides params, loss and the model. {@link IrisClassifier} trains twice on the
 * same data and {@link IrisGraphClassifier} once on other data (other shuffle), under the agent; each program then
 * calls {@code evaluate(iterator)} on its model. {@link IrisClassifier} also runs once without the agent: the agent
 * must not change what training produces.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jRunContentsTest {
    private static final int EPOCHS = 3;

    private Path dir;
    private String uri;
    private MlflowClient client;
    private JavaProcess.Result firstOutput;
    private Run first;
    private Run second;
    private Run graph;

    @BeforeAll
    void train(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        uri = "file:" + dir.resolve("mlruns");
        firstOutput = Dl4jChildJvm.run(dir, uri, null, IrisClassifier.class, String.valueOf(EPOCHS), "16",
                dir.resolve("agent.zip").toString());
        Dl4jChildJvm.run(dir, uri, null, IrisClassifier.class, String.valueOf(EPOCHS), "16");
        // the graph logs its one-off work while it trains (as after a long first epoch), the others after training
        Dl4jChildJvm.run(dir, uri, "autolog.dl4j.early.logging.min.epoch.ms=0", IrisGraphClassifier.class,
                String.valueOf(EPOCHS), "16");
        JavaProcess.Result plain = Dl4jChildJvm.plain(dir, IrisClassifier.class, String.valueOf(EPOCHS), "16",
                dir.resolve("plain.zip").toString()).run(240);
        assertEquals(0, plain.exitCode(), plain.describe());
        client = new MlflowClient(uri);
        List<Run> runs = client.searchRuns(List.of("0"), "").stream()
                .sorted(Comparator.comparingLong(r -> r.info().startTime())).toList();
        assertEquals(3, runs.size());
        first = runs.get(0);
        second = runs.get(1);
        graph = runs.get(2);
    }

    @AfterAll
    void close() {
        if (client != null) client.close();
    }

    @Test
    void theAgentDoesNotChangeWhatTrainingProduces() throws Exception {
        MultiLayerNetwork withAgent = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("agent.zip").toFile());
        MultiLayerNetwork without = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("plain.zip").toFile());
        assertEquals(without.params(), withAgent.params(), "same seed, same params with and without the agent");
        MultiLayerNetwork logged = (MultiLayerNetwork) client.loadModel("runs:/" + first.info().runId() + "/model");
        assertEquals(without.params(), logged.params());
    }

    @Test
    void tagsNameTheAutologgingAndTheEstimator() {
        for (Run r : List.of(first, second)) {
            assertEquals("dl4j", r.data().tags().get("mlflow.autologging"));
            assertEquals("MultiLayerNetwork", r.data().tags().get("estimator_name"));
            assertEquals("org.deeplearning4j.nn.multilayer.MultiLayerNetwork", r.data().tags().get("estimator_class"));
        }
        assertEquals("ComputationGraph", graph.data().tags().get("estimator_name"));
        assertEquals("org.deeplearning4j.nn.graph.ComputationGraph", graph.data().tags().get("estimator_class"));
    }

    @Test
    void theTrainDatasetDigestFollowsTheData() {
        DatasetInput a = input(first, "train");
        DatasetInput b = input(second, "train");
        DatasetInput c = input(graph, "train");
        assertEquals(a.dataset().digest(), b.dataset().digest(), "same data, same digest");
        assertNotEquals(a.dataset().digest(), c.dataset().digest(), "other data (another shuffle), another digest");
        for (Run r : List.of(first, graph)) {
            assertEquals(1, client.getRun(r.info().runId()).datasetInputs().stream()
                    .filter(d -> "train".equals(d.tags().get("mlflow.data.context"))).count(), "logged once");
        }
        assertEquals("train", a.dataset().name());
        assertTrue(a.dataset().profile().contains("\"num_rows\": 150") || a.dataset().profile().contains("\"num_rows\":150"),
                a.dataset().profile());
        assertTrue(a.dataset().schema().contains("\"f3\"") && a.dataset().schema().contains("\"label_2\""),
                a.dataset().schema());
    }

    @Test
    void trainingMetricsHaveMlflowsNames() {
        Map<String, String> p = first.data().params();
        assertEquals("150", p.get("training_metrics_rows"));
        for (String k : List.of("training_accuracy_score", "training_precision_score", "training_recall_score",
                "training_f1_score", "training_log_loss", "training_roc_auc", "training_score")) {
            assertNotNull(first.data().metric(k), k + " in " + first.data().metrics());
        }
        assertEquals(first.data().metric("training_accuracy_score"), first.data().metric("training_score"));
    }

    @Test
    void classifierPlotsAndTheSummaryPageAreArtifacts() throws Exception {
        List<String> names = client.listArtifacts(first.info().runId(), null).stream().map(FileInfo::path).toList();
        Path out = Files.createDirectories(dir.resolve("plots"));
        for (String plot : List.of("training_confusion_matrix.svg", "training_roc_curve.svg",
                "training_precision_recall_curve.svg")) {
            assertTrue(names.contains(plot), plot + " in " + names);
        }
        SvgPlot.read(client.downloadArtifacts(first.info().runId(), "training_confusion_matrix.svg", out))
                .assertPlot("confusion matrix", "Normalized confusion matrix", "True label");
        SvgPlot.read(client.downloadArtifacts(first.info().runId(), "training_roc_curve.svg", out))
                .assertPlot("ROC", "ROC curve", "True Positive Rate");
        SvgPlot.read(client.downloadArtifacts(first.info().runId(), "training_precision_recall_curve.svg", out))
                .assertPlot("PR", "Precision recall curve", "Precision");
        assertTrue(names.contains("estimator.html"), names.toString());
        String html = Files.readString(client.downloadArtifacts(first.info().runId(), "estimator.html", out));
        assertTrue(html.contains("MultiLayerNetwork") && html.contains("training_accuracy_score"), html);
    }

    @Test
    void anEvaluationAfterTrainingGoesToTheRunAndItsLoggedModel() {
        Matcher m = Pattern.compile("accuracy after \\d+ epochs: ([0-9.]+)").matcher(firstOutput.stdout());
        assertTrue(m.find(), firstOutput.describe());
        double printed = Double.parseDouble(m.group(1));
        assertEquals(printed, first.data().metric("eval_accuracy_score"), 0.0006);
        for (String k : List.of("eval_precision_score", "eval_recall_score", "eval_f1_score", "eval_score")) {
            assertNotNull(first.data().metric(k), k + " in " + first.data().metrics());
        }
        assertEquals(input(first, "train").dataset().digest(), input(first, "eval").dataset().digest(),
                "the program evaluates on its training iterator");
        LoggedModel model = client.searchLoggedModels(List.of("0"), null, 100, null).items().stream()
                .filter(lm -> first.info().runId().equals(lm.sourceRunId())).findFirst().orElseThrow();
        List<String> modelMetrics = client.getLoggedModel(model.modelId()).metrics().stream().map(Metric::key).toList();
        assertTrue(modelMetrics.containsAll(List.of("eval_accuracy_score", "training_accuracy_score")), modelMetrics.toString());
        assertNotNull(graph.data().metric("eval_accuracy_score"));
    }

    @Test
    void realMlflowReadsTheDatasetInputsAndTheModelsEvalMetrics() {
        JsonNode out = PythonMlflow.json(uri, dir, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                result = {}
                for r in c.search_runs(["0"]):
                    models = c.search_logged_models(experiment_ids=["0"],
                                                    filter_string=f"source_run_id = '{r.info.run_id}'")
                    result[r.info.run_id] = {
                        "inputs": sorted([d.dataset.name, d.dataset.digest, t.value]
                                         for d in r.inputs.dataset_inputs for t in d.tags
                                         if t.key == "mlflow.data.context"),
                        "model_metrics": sorted(mt.key for m in models for mt in (m.metrics or [])),
                    }
                print(json.dumps(result))
                """);
        JsonNode r = out.get(first.info().runId());
        assertNotNull(r, out.toString());
        String digest = input(first, "train").dataset().digest();
        assertEquals("[[\"eval\",\"" + digest + "\",\"eval\"],[\"train\",\"" + digest + "\",\"train\"]]",
                r.get("inputs").toString());
        assertTrue(r.get("model_metrics").toString().contains("\"eval_accuracy_score\""), r.toString());
        assertEquals(input(second, "train").dataset().digest(),
                out.get(second.info().runId()).get("inputs").get(1).get(1).asText());
    }

    private DatasetInput input(Run run, String context) {
        Run fresh = client.getRun(run.info().runId());
        return fresh.datasetInputs().stream().filter(d -> context.equals(d.tags().get("mlflow.data.context")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + context + " input in " + fresh.datasetInputs()));
    }
}
