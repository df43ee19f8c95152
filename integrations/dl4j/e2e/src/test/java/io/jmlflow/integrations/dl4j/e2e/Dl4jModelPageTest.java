package io.jmlflow.integrations.dl4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.samples.dl4j.IrisClassifier;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.RunSummaries;
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
 * Issue 24 for DL4J, judged by the real Python client, with the defaults a user has: {@link IrisClassifier}
 * ({@code fit(iterator, 4)}), {@link TwoInputGraph} (a two-input ComputationGraph over the user's own
 * {@code MultiDataSetIterator}) and {@link HandWrittenLoop} ({@code fit(x, y)} per batch, then an evaluation by hand,
 * then other work). Points: model metrics name their dataset (1), signatures name the dataset's columns and a
 * two-input graph has one and its batch size (4), {@code model_config.json} as at the end (5), a hand-written loop
 * ends when the model stops training and has epochs, epoch loss and its distinct rows (9), an evaluation by hand is
 * logged (10), each training metric once (11), each run's summary line counts what the store holds, its model
 * included (15), settings keep DL4J's builder names (16).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Dl4jModelPageTest {
    /** The hand-written loop's program works on after training for longer than the idle bound (10 s). */
    private static final long OTHER_WORK_MS = 20_000;
    private static final int EPOCHS = 4;

    private JsonNode runs;
    private Map<String, String> loop;
    private String uri;
    private Path dir;
    private final StringBuilder output = new StringBuilder();

    @BeforeAll
    void train(@TempDir Path tempDir) {
        dir = tempDir;
        uri = "sqlite:///" + dir.resolve("mlflow.db");
        output.append(Dl4jChildJvm.run(dir, uri, null, IrisClassifier.class, String.valueOf(EPOCHS), "16").stderr());
        output.append(Dl4jChildJvm.run(dir, uri, null, TwoInputGraph.class).stderr());
        JavaProcess.Result r = Dl4jChildJvm.run(dir, uri, null, HandWrittenLoop.class, String.valueOf(OTHER_WORK_MS));
        output.append(r.stderr());
        loop = Runs.lines(r, "RESULT");
        runs = PythonMlflow.json(uri, dir, """
                import json
                import mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                out = {}
                for run in c.search_runs(["0"]):
                    rid = run.info.run_id
                    model = c.search_logged_models(experiment_ids=["0"], filter_string="source_run_id = '%s'" % rid)[0]
                    loaded = mlflow.models.Model.load("models:/" + model.model_id)
                    sig = loaded.signature
                    with open(c.download_artifacts(rid, "model_config.json")) as f:
                        config = json.load(f)
                    key = {"42": "classifier", "5": "loop"}.get(run.data.params.get("seed"), "graph") \\
                        if run.data.tags["estimator_name"] == "MultiLayerNetwork" else "graph"
                    out[key] = {
                        "params": run.data.params,
                        "end_time": run.info.end_time,
                        "status": run.info.status,
                        "history": {k: [[m.step, m.value] for m in c.get_metric_history(rid, k)] for k in run.data.metrics},
                        "inputs": [{"name": i.dataset.name, "digest": i.dataset.digest, "schema": json.loads(i.dataset.schema),
                                    "profile": json.loads(i.dataset.profile),
                                    "context": [t.value for t in i.tags if t.key == "mlflow.data.context"][0]}
                                   for i in run.inputs.dataset_inputs],
                        "model_metrics": [{"key": m.key, "value": m.value, "dataset_name": m.dataset_name,
                                           "dataset_digest": m.dataset_digest} for m in model.metrics],
                        "mlflow_version": loaded.mlflow_version,
                        "signature_inputs": [[s.name, s.type.to_numpy().name] for s in sig.inputs.inputs] if sig else None,
                        "signature_outputs": [[s.name, s.type.to_numpy().name] for s in sig.outputs.inputs] if sig else None,
                        "epoch_count": config.get("epochCount"),
                    }
                print(json.dumps(out))
                """);
    }

    private JsonNode run(String which) {
        JsonNode r = runs.path(which);
        assertTrue(r.isObject(), which + " not among " + runs.fieldNames());
        return r;
    }

    private static JsonNode input(JsonNode run, String context) {
        for (JsonNode i : run.path("inputs")) if (i.path("context").asText().equals(context)) return i;
        throw new AssertionError("no " + context + " input in " + run.path("inputs"));
    }

    private static List<String> columns(JsonNode input) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : input.path("schema").path("mlflow_colspec")) {
            out.add(c.path("name").asText() + ":" + c.path("type").asText());
        }
        return out;
    }

    private static List<String> specs(JsonNode specs) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : specs) out.add(s.get(0).asText() + ":" + s.get(1).asText());
        return out;
    }

    @Test
    void modelMetricsNameTheDatasetTheyWereComputedOn() {
        for (String which : List.of("classifier", "graph", "loop")) {
            JsonNode r = run(which);
            int training = 0;
            for (JsonNode m : r.path("model_metrics")) {
                String key = m.path("key").asText();
                JsonNode dataset = input(r, key.startsWith("eval_") ? "eval" : "train");
                assertEquals(dataset.path("digest").asText(), m.path("dataset_digest").asText(), which + " " + key);
                assertEquals(dataset.path("name").asText(), m.path("dataset_name").asText(), which + " " + key);
                if (key.startsWith("training_")) training++;
            }
            assertTrue(training >= 5, which + ": " + r.path("model_metrics"));
        }
    }

    @Test
    void everyTrainingMetricIsLoggedOnce() {
        for (String which : List.of("classifier", "graph", "loop")) {
            JsonNode history = run(which).path("history");
            history.fieldNames().forEachRemaining(k -> {
                if (k.startsWith("training_") || k.startsWith("eval_")) {
                    assertEquals(1, history.path(k).size(), which + " " + k + ": " + history.path(k));
                }
            });
        }
    }

    @Test
    void signaturesNameTheTrainDatasetsColumns() {
        JsonNode classifier = run("classifier");
        assertEquals(List.of("f0:float", "f1:float", "f2:float", "f3:float", "label_0:float", "label_1:float",
                "label_2:float"), columns(input(classifier, "train")));
        assertEquals(List.of("f0:float32", "f1:float32", "f2:float32", "f3:float32"),
                specs(classifier.path("signature_inputs")));
        assertEquals(List.of("label_0:float32", "label_1:float32", "label_2:float32"),
                specs(classifier.path("signature_outputs")));
        assertEquals("3.17.2", classifier.path("mlflow_version").asText());

        JsonNode graph = run("graph");
        assertEquals(List.of("f0:float32", "f1:float32", "f2:float32", "f3:float32"),
                specs(graph.path("signature_inputs")), "the two inputs' columns in input order");
        assertEquals(String.valueOf(TwoInputGraph.BATCH), graph.path("params").path("batch_size").asText());
        assertEquals("3", graph.path("params").path("epochs").asText());
    }

    @Test
    void theConfigurationArtifactIsTheTrainedModels() {
        assertEquals(EPOCHS, run("classifier").path("epoch_count").asInt());
        assertEquals(3, run("graph").path("epoch_count").asInt());
    }

    @Test
    void aHandWrittenLoopEndsWhenTheModelStopsTrainingWithItsEpochsAndDistinctRows() {
        JsonNode r = run("loop");
        assertEquals("FINISHED", r.path("status").asText());
        long trained = Long.parseLong(loop.get("trained"));
        long exiting = Long.parseLong(loop.get("exiting"));
        long ended = r.path("end_time").asLong();
        assertTrue(ended >= trained + 10_000 && ended < exiting, "ended " + (ended - trained)
                + " ms after training, " + (exiting - ended) + " ms before the program's exit");
        assertEquals(String.valueOf(HandWrittenLoop.EPOCHS), r.path("params").path("epochs").asText());
        assertEquals(String.valueOf(HandWrittenLoop.BATCH), r.path("params").path("batch_size").asText());
        JsonNode epochLoss = r.path("history").path("epoch_loss");
        assertEquals(HandWrittenLoop.EPOCHS, epochLoss.size(), epochLoss.toString());
        for (int e = 0; e < HandWrittenLoop.EPOCHS; e++) assertEquals(e, epochLoss.get(e).get(0).asInt());
        assertTrue(epochLoss.get(HandWrittenLoop.EPOCHS - 1).get(1).asDouble() < epochLoss.get(0).get(1).asDouble());
        assertEquals(HandWrittenLoop.ROWS, input(r, "train").path("profile").path("num_rows").asInt(),
                "1,000 distinct rows, not 8 passes' worth");
    }

    @Test
    void anEvaluationByHandIsLoggedOntoTheModelAndItsData() {
        JsonNode r = run("loop");
        double printed = Double.parseDouble(loop.get("manual_accuracy"));
        JsonNode accuracy = r.path("history").path("eval_accuracy_score");
        assertEquals(1, accuracy.size(), r.path("history").toString());
        assertEquals(printed, accuracy.get(0).get(1).asDouble(), 1e-6);
        assertEquals(HandWrittenLoop.EPOCHS, accuracy.get(0).get(0).asInt(), "step: the epochs trained by then");
        assertEquals(300, input(r, "eval").path("profile").path("num_rows").asInt());
        boolean onModel = false;
        for (JsonNode m : r.path("model_metrics")) onModel |= m.path("key").asText().equals("eval_accuracy_score");
        assertTrue(onModel, r.path("model_metrics").toString());
    }

    @Test
    void eachRunsSummaryLineCountsWhatTheStoreHolds() {
        Map<String, RunSummaries.Counts> store = RunSummaries.assertEveryRunReportsTheStore(output.toString(), uri, dir,
                3);
        for (RunSummaries.Counts c : store.values()) assertEquals(1, c.models(), "each run's model: " + store);
    }

    @Test
    void settingsKeepDl4jsBuilderNames() {
        JsonNode p = run("classifier").path("params");
        for (String name : List.of("seed", "optimizationAlgo", "dataType", "backpropType", "updater", "l2", "weightInit",
                "layer_0.nIn", "layer_0.nOut", "layer_0.activation", "layer_2.lossFunction", "layer_count",
                "parameter_count", "learning_rate", "batch_size", "epochs")) {
            assertTrue(p.has(name), name + " in " + p);
        }
        List<String> names = new ArrayList<>();
        p.fieldNames().forEachRemaining(names::add);
        assertFalse(names.stream().anyMatch(n -> n.endsWith("n_in") || n.endsWith("weight_init")), names.toString());
    }
}
