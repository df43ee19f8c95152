package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, what the MLflow UI shows of a Smile fit ({@link ModelPageProgram}: a random forest read from CSV files
 * and scored on a test file), judged by the real Python client: the logged model's metrics name the dataset they were
 * computed on (points 1 and 12), the model has its creator and source (2), the MLmodel is MLflow's (5), no per-tree
 * history that reads as a learning curve (6), plots as large as MLflow's (7), datasets named after their files and
 * {@code mtry} as Smile used it (12), and training metrics over the whole training set (14).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmileModelPageTest {
    private JsonNode seen;
    private JavaProcess.Result program;

    @BeforeAll
    void train(@TempDir Path dir) {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        program = SmileJvm.ok(SmileJvm.traced(ModelPageProgram.class, uri, dir.toString()).workDir(dir));
        seen = PythonMlflow.json(uri, dir, """
                import json
                import xml.etree.ElementTree as ET
                import mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                run = c.search_runs(["0"])[0]
                model = c.search_logged_models(experiment_ids=["0"])[0]
                inputs = {}
                for i in run.inputs.dataset_inputs:
                    context = [t.value for t in i.tags if t.key == "mlflow.data.context"][0]
                    inputs[context] = {"name": i.dataset.name, "digest": i.dataset.digest,
                                       "profile": json.loads(i.dataset.profile)}
                mlmodel = mlflow.artifacts.download_artifacts(model.artifact_location + "/MLmodel")
                loaded = mlflow.models.Model.load("models:/" + model.model_id)
                sizes = {}
                for name in ["training_confusion_matrix.svg", "training_roc_curve.svg"]:
                    svg = ET.parse(c.download_artifacts(run.info.run_id, name)).getroot()
                    assert svg.tag == "{http://www.w3.org/2000/svg}svg", svg.tag
                    sizes[name] = [int(svg.get("width")), int(svg.get("height"))]
                print(json.dumps({
                    "model_metrics": [{"key": m.key, "value": m.value, "dataset_name": m.dataset_name,
                                       "dataset_digest": m.dataset_digest} for m in model.metrics],
                    "model_tags": model.tags,
                    "model_params": model.params,
                    "run_params": run.data.params,
                    "run_metrics": sorted(run.data.metrics),
                    "inputs": inputs,
                    "mlmodel": open(mlmodel).read(),
                    "mlflow_version": loaded.mlflow_version,
                    "signature_inputs": loaded.signature.inputs.input_names(),
                    "plot_sizes": sizes,
                }))
                """);
    }

    @Test
    void modelMetricsNameTheDatasetTheyWereComputedOn() {
        JsonNode train = seen.path("inputs").path("train");
        JsonNode eval = seen.path("inputs").path("eval");
        List<String> keys = new ArrayList<>();
        for (JsonNode m : seen.path("model_metrics")) {
            String key = m.path("key").asText();
            keys.add(key);
            JsonNode dataset = key.startsWith("eval_") ? eval : train;
            assertEquals(dataset.path("digest").asText(), m.path("dataset_digest").asText(), key);
            assertEquals(dataset.path("name").asText(), m.path("dataset_name").asText(), key);
        }
        assertTrue(keys.contains("training_accuracy_score") && keys.contains("eval_accuracy_score"), keys.toString());
        assertFalse(train.path("digest").asText().equals(eval.path("digest").asText()));
    }

    @Test
    void datasetsAreNamedAfterTheirFilesAndTrainingMetricsCoverEveryRow() {
        assertEquals("blobs_train", seen.path("inputs").path("train").path("name").asText());
        assertEquals("blobs_test", seen.path("inputs").path("eval").path("name").asText());
        assertEquals(1500, seen.path("inputs").path("train").path("profile").path("num_rows").asInt());
        assertFalse(seen.path("run_params").has("training_metrics_rows"), "all 1,500 rows scored, no sample");
        double printed = Double.parseDouble(Runs.lines(program, "RESULT").get("train_accuracy"));
        double logged = Double.NaN;
        for (JsonNode m : seen.path("model_metrics")) {
            if (m.path("key").asText().equals("training_accuracy_score")) logged = m.path("value").asDouble();
        }
        assertEquals(printed, logged, 1e-12, "the forest's own predict over every training row");
    }

    @Test
    void theLoggedModelHasItsCreatorSourceAndTheRunsParams() {
        JsonNode tags = seen.path("model_tags");
        assertEquals(System.getProperty("user.name"), tags.path("mlflow.user").asText());
        assertEquals(ModelPageProgram.class.getName(), tags.path("mlflow.source.name").asText());
        assertEquals("LOCAL", tags.path("mlflow.source.type").asText());
        assertEquals(seen.path("run_params"), seen.path("model_params"));
    }

    @Test
    void mtryIsTheValueSmileUsed() {
        assertEquals("2", seen.path("run_params").path("mtry").asText(), "floor(sqrt(4 features))");
    }

    @Test
    void theMlmodelIsWrittenAsMlflowWritesIt() {
        String mlmodel = seen.path("mlmodel").asText();
        assertEquals("3.17.2", seen.path("mlflow_version").asText());
        assertTrue(mlmodel.contains("\n  inputs: '[{\"type\": \"double\", \"name\": \"x0\", \"required\": true}"), mlmodel);
        assertEquals(List.of("x0", "x1", "x2", "x3"), strings(seen.path("signature_inputs")));
    }

    @Test
    void aForestLogsItsOwnOutOfBagScoreAndNoPerTreeCurve() {
        List<String> metrics = strings(seen.path("run_metrics"));
        assertTrue(metrics.contains("oob_accuracy"), metrics.toString());
        assertTrue(metrics.stream().noneMatch(m -> m.startsWith("tree_")), metrics.toString());
    }

    @Test
    void plotsAreAsLargeAsMlflowsOwn() {
        for (Map.Entry<String, JsonNode> e : iterable(seen.path("plot_sizes"))) {
            assertEquals(List.of("1050", "700"), strings(e.getValue()), e.getKey());
        }
        assertEquals(2, seen.path("plot_sizes").size());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        object.fields().forEachRemaining(out::add);
        return out;
    }
}
