package io.jmlflow.internal.autolog;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowConfig;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.entities.Run;
import io.jmlflow.internal.Log;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Datasets, plots and the summary page logged through the kit, read back by the real MLflow from a file store, a
 * SQLite store and a tracking server: the dataset inputs carry name, digest, schema, profile, code source and
 * context tag as MLflow's own would, and the artifacts are SVG/HTML files.
 */
class KitJavaWritesPythonReadsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        Log.resetOnceForTesting();
        AutologState.resetForTesting();
    }

    @AfterEach
    void tearDown() {
        AutologState.resetForTesting();
        Mlflow.setTrackingUri(null);
        MlflowConfig.set("default.artifact.root", null);
    }

    private String uri(String kind) {
        if (kind.equals("server")) return MlflowServer.shared().uri();
        // MLflow puts a SQLite store's artifacts under ./mlruns of the working directory; keep them in the temp dir.
        MlflowConfig.set("default.artifact.root", dir.resolve("mlruns").toString());
        return kind.equals("file") ? "file://" + dir.resolve("mlruns") : "sqlite:///" + dir.resolve("mlflow.db");
    }

    static TrainingDataset iris(String name, int rows, double shift) {
        TrainingDataset.Builder b = TrainingDataset.builder(name).column("sepal_length", "double")
                .column("sepal_width", "double").column("species", "long");
        for (int r = 0; r < rows; r++) b.addRow(new Object[]{5.0 + r * 0.01 + shift, 3.0 - r * 0.01, (long) (r % 3)});
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite", "server"})
    void pythonSeesDatasetInputsPlotsAndSummary(String kind) {
        String trackingUri = uri(kind);
        Mlflow.setTrackingUri(trackingUri);
        Mlflow.setExperiment("kit-" + kind + "-" + System.nanoTime());
        TrainingDataset train = iris("iris_train", 120, 0);
        TrainingDataset eval = iris("iris_test", 30, 0.5);
        int[] truth = {0, 1, 1, 0, 1, 0};
        int[] predicted = {0, 1, 0, 0, 1, 1};
        double[][] proba = KitMetricsTest.binary(new double[]{0.2, 0.9, 0.4, 0.1, 0.7, 0.6});
        String runId;
        try (ActiveRun run = Mlflow.startRun("kit")) {
            runId = run.runId();
            train.logTo(run, "train");
            eval.logTo(run, "eval");
            train.logTo(run, "train"); // logged once only, as MLflow does
            ClassifierPlots.logTo(run, "training_", truth, predicted, proba, new String[]{"setosa", "other"});
            ModelSummaryHtml.logTo(run, "smile.classification.LogisticRegression", Map.of("lambda", "0.1"),
                    ClassificationMetrics.compute(truth, predicted, proba, 2));
            run.logArtifact("raw/bytes.bin", new byte[]{1, 2, 3});
        }
        JsonNode out = PythonMlflow.json(trackingUri, dir, """
                import json, sys, mlflow
                import xml.etree.ElementTree as ET
                from mlflow.types import Schema
                client = mlflow.MlflowClient()
                run = client.get_run(sys.argv[1] if len(sys.argv) > 1 else "%s")
                inputs = []
                for d in run.inputs.dataset_inputs:
                    ds = d.dataset
                    schema = Schema.from_json(json.dumps(json.loads(ds.schema)["mlflow_colspec"]))
                    source = mlflow.data.get_source(d)
                    inputs.append({"name": ds.name, "digest": ds.digest, "source_type": ds.source_type,
                                   "source_class": type(source).__name__, "source_tags": source.to_dict()["tags"],
                                   "columns": [[c.name, c.type.name] for c in schema.inputs],
                                   "profile": json.loads(ds.profile),
                                   "tags": {t.key: t.value for t in d.tags}})
                svgs = {}
                files = sorted(f.path for f in client.list_artifacts(run.info.run_id))
                for f in files:
                    if f.endswith(".svg"):
                        root = ET.parse(client.download_artifacts(run.info.run_id, f, "%s")).getroot()
                        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
                        svgs[f] = {"root": root.tag, "size": [root.get("width"), root.get("height")], "texts": texts}
                html = open(client.download_artifacts(run.info.run_id, "estimator.html", "%s"), encoding="utf-8").read()
                raw = open(client.download_artifacts(run.info.run_id, "raw/bytes.bin", "%s"), "rb").read()
                print(json.dumps({"inputs": sorted(inputs, key=lambda i: i["name"]), "files": files, "svgs": svgs,
                                  "html": "LogisticRegression" in html and "lambda" in html, "raw": list(raw)}))
                """.formatted(runId, dir.resolve("dl-svg"), dir.resolve("dl-html"), dir.resolve("dl-raw")));

        JsonNode inputs = out.get("inputs");
        assertEquals(2, inputs.size(), inputs.toString());
        JsonNode test = inputs.get(0), tr = inputs.get(1);
        assertEquals("iris_test", test.get("name").asText());
        assertEquals(eval.digest(), test.get("digest").asText());
        assertEquals("{\"mlflow.data.context\":\"eval\"}", test.get("tags").toString());
        assertEquals("iris_train", tr.get("name").asText());
        assertEquals(train.digest(), tr.get("digest").asText());
        assertEquals("{\"mlflow.data.context\":\"train\"}", tr.get("tags").toString());
        assertEquals("code", tr.get("source_type").asText());
        assertEquals("CodeDatasetSource", tr.get("source_class").asText());
        assertEquals("LOCAL", tr.get("source_tags").get("mlflow.source.type").asText());
        assertEquals("[[\"sepal_length\",\"double\"],[\"sepal_width\",\"double\"],[\"species\",\"long\"]]",
                tr.get("columns").toString());
        assertEquals("{\"num_rows\":120,\"num_elements\":360}", tr.get("profile").toString());
        assertEquals("{\"num_rows\":30,\"num_elements\":90}", test.get("profile").toString());

        assertEquals("[\"estimator.html\",\"raw\",\"training_confusion_matrix.svg\",\"training_precision_recall_curve.svg\","
                + "\"training_roc_curve.svg\"]", out.get("files").toString());
        JsonNode svgs = out.get("svgs");
        assertEquals(3, svgs.size(), svgs.toString());
        for (JsonNode svg : svgs) {
            assertEquals("{http://www.w3.org/2000/svg}svg", svg.get("root").asText());
            assertEquals("[\"1050\",\"700\"]", svg.get("size").toString(), "as large as MLflow's own");
        }
        String matrix = svgs.get("training_confusion_matrix.svg").get("texts").toString();
        assertTrue(matrix.contains("\"setosa\"") && matrix.contains("\"other\"") && matrix.contains("\"True label\""),
                matrix);
        String roc = svgs.get("training_roc_curve.svg").get("texts").toString();
        assertTrue(roc.contains("\"class other (AUC = ") && roc.contains("\"False Positive Rate\""), roc);
        assertTrue(out.get("html").asBoolean());
        assertEquals("[1,2,3]", out.get("raw").toString());
    }

    @Test
    void optionsTurnDatasetsAndPlotsOffAndBrokenRunsOnlyWarn() {
        Mlflow.setTrackingUri(uri("file"));
        Mlflow.setExperiment("kit-off");
        AutologState.configure(AutologOptions.create().logDatasets(false).logPlots(false));
        Run fetched;
        try (ActiveRun run = Mlflow.startRun("off")) {
            iris("iris", 10, 0).logTo(run, "train");
            ClassifierPlots.logTo(run, "training_", new int[]{0, 1}, new int[]{0, 1}, null, null);
            fetched = run.fetch();
        }
        assertTrue(fetched.datasetInputs().isEmpty());
        List<FileInfo> files = Mlflow.client().listArtifacts(fetched.runId(), null);
        assertTrue(files.isEmpty(), files.toString());

        // logging into a run that was deleted meanwhile: a warning, no exception
        AutologState.resetForTesting();
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Consumer<String> listener = warnings::add;
        Log.addListener(listener);
        try (ActiveRun run = Mlflow.startRun("deleted")) {
            Mlflow.client().deleteRun(run.runId());
            iris("iris", 10, 0).logTo(run, "train");
            run.logInput(iris("iris2", 5, 0).toEntity(), null);
        } finally {
            Log.removeListener(listener);
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("iris")),
                warnings.stream().collect(Collectors.joining("\n")));
    }
}
