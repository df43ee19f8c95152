package io.jmlflow.integrations.tribuo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.RunSummaries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24 for Tribuo ({@link ModelPageApp}), judged by the real Python client: model metrics name their dataset
 * (point 1), the logged model has the run's params (3), a k-means's train and eval datasets have names of their own
 * (12), an XGBoost model's feature importances are logged as MLflow's xgboost autolog logs them (13), each run's
 * summary line counts what the store holds (15).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoModelPageTest {
    private final Map<String, String> printed = new HashMap<>();
    private JsonNode seen;
    private String uri;
    private Path dir;
    private String output;

    @BeforeAll
    void train(@TempDir Path tempDir) {
        dir = tempDir;
        uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = TribuoJvm.withAgent(ModelPageApp.class, null, uri).workDir(dir).run(300);
        assertEquals(0, r.exitCode(), r.describe());
        output = r.stderr();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) printed.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
        seen = PythonMlflow.json(uri, dir, """
                import json
                import xml.etree.ElementTree as ET
                import mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                exp = c.get_experiment_by_name("tribuo-sample").experiment_id
                out = {}
                for run in c.search_runs([exp]):
                    models = c.search_logged_models(experiment_ids=[exp],
                                                    filter_string="source_run_id = '%s'" % run.info.run_id)
                    files = [f.path for f in c.list_artifacts(run.info.run_id)]
                    entry = {
                        "params": run.data.params,
                        "inputs": [{"name": i.dataset.name, "digest": i.dataset.digest,
                                    "context": [t.value for t in i.tags if t.key == "mlflow.data.context"][0]}
                                   for i in run.inputs.dataset_inputs],
                        "model_params": models[0].params if models else None,
                        "model_metrics": [{"key": m.key, "dataset_name": m.dataset_name,
                                           "dataset_digest": m.dataset_digest} for m in models[0].metrics]
                                         if models else [],
                        "files": files,
                    }
                    if "feature_importance_weight.json" in files:
                        with open(c.download_artifacts(run.info.run_id, "feature_importance_weight.json")) as f:
                            entry["importance"] = json.load(f)
                        svg = ET.parse(c.download_artifacts(run.info.run_id, "feature_importance_weight.svg")).getroot()
                        entry["svg"] = [svg.tag, int(svg.get("width")), int(svg.get("height"))]
                        entry["svg_texts"] = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
                    out[run.info.run_id] = entry
                print(json.dumps(out))
                """);
    }

    private JsonNode run(String what) {
        JsonNode r = seen.path(printed.get(what));
        assertTrue(r.isObject(), what + " has no run: " + printed + " " + seen);
        return r;
    }

    private static JsonNode input(JsonNode run, String context) {
        for (JsonNode i : run.path("inputs")) if (i.path("context").asText().equals(context)) return i;
        throw new AssertionError("no " + context + " input in " + run.path("inputs"));
    }

    @Test
    void eachRunsSummaryLineCountsWhatTheStoreHolds() {
        Map<String, RunSummaries.Counts> store = RunSummaries.assertEveryRunReportsTheStore(output, uri, dir, 3);
        for (RunSummaries.Counts c : store.values()) {
            assertTrue(c.metricPoints() > 0 && c.models() == 1, "metric points and the model counted: " + store);
        }
    }

    @Test
    void modelMetricsNameTheDatasetTheyWereComputedOn() {
        JsonNode cart = run("cart");
        List<String> keys = new ArrayList<>();
        for (JsonNode m : cart.path("model_metrics")) {
            String key = m.path("key").asText();
            keys.add(key);
            JsonNode dataset = input(cart, key.startsWith("eval_") ? "eval" : "train");
            assertEquals(dataset.path("digest").asText(), m.path("dataset_digest").asText(), key);
            assertEquals(dataset.path("name").asText(), m.path("dataset_name").asText(), key);
        }
        assertTrue(keys.contains("training_accuracy_score") && keys.contains("eval_accuracy_score"), keys.toString());
    }

    @Test
    void theLoggedModelHasTheRunsParams() {
        for (String what : List.of("cart", "kmeans", "xgboost")) {
            JsonNode r = run(what);
            assertTrue(r.path("params").size() >= 5, what + ": " + r.path("params"));
            assertEquals(r.path("params"), r.path("model_params"), what);
        }
    }

    @Test
    void trainAndEvalDataOfOneGeneratorHaveNamesOfTheirOwn() {
        JsonNode kmeans = run("kmeans");
        String train = input(kmeans, "train").path("name").asText();
        String eval = input(kmeans, "eval").path("name").asText();
        assertNotEquals(train, eval);
        assertEquals(train + "_eval", eval);
        assertEquals("checkerboard_eval", input(run("cart"), "eval").path("name").asText());
    }

    @Test
    void xgboostFeatureImportancesAreLoggedAsMlflowLogsThem() {
        JsonNode xgb = run("xgboost");
        JsonNode importance = xgb.path("importance");
        assertTrue(importance.isObject() && importance.size() >= 1 && importance.size() <= 2, importance.toString());
        double previous = Double.MAX_VALUE;
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) importance::fields) {
            assertTrue(e.getValue().asDouble() > 0 && e.getValue().asDouble() <= previous, importance.toString());
            previous = e.getValue().asDouble();
        }
        assertEquals("[\"{http://www.w3.org/2000/svg}svg\",1050,700]", xgb.path("svg").toString());
        List<String> texts = new ArrayList<>();
        for (JsonNode t : xgb.path("svg_texts")) texts.add(t.asText());
        assertTrue(texts.contains("Feature Importance (weight)"), texts.toString());
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) importance::fields) {
            assertTrue(texts.contains(e.getKey()), e.getKey() + " drawn: " + texts);
        }
        assertTrue(run("cart").path("files").toString().indexOf("feature_importance") < 0, "only XGBoost models");
    }
}
