package io.jmlflow.internal.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.SystemTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Java writes into a SQLite store, the real MLflow reads, and the other way round. */
class SqlitePythonInteropTest {
    @TempDir
    Path tmp;

    @Test
    void pythonReadsWhatJavaLogged() throws Exception {
        String parentId;
        String childId;
        String modelId;
        long t0 = 1_700_000_000_000L;
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            String exp = store.createExperiment("interop", null, List.of(new Tag("team", "ml")));
            parentId = store.createRun(exp, "alice", t0, List.of(new Tag(SystemTags.USER, "alice"),
                    new Tag(SystemTags.SOURCE_NAME, "Train.java"), new Tag(SystemTags.SOURCE_TYPE, "LOCAL")), "parent").runId();
            List<Metric> loss = new ArrayList<>();
            for (int step = 0; step < 5; step++) loss.add(new Metric("loss", 1.0 / (step + 1), t0 + step, step));
            store.logBatch(parentId, loss, List.of(new Param("lr", "0.01"), new Param("trees", "100")),
                    List.of(new Tag("stage", "dev")));
            store.logBatch(parentId, List.of(new Metric("nan", Double.NaN, t0, 0),
                    new Metric("pinf", Double.POSITIVE_INFINITY, t0, 0), new Metric("ninf", Double.NEGATIVE_INFINITY, t0, 0)),
                    List.of(), List.of());
            childId = store.createRun(exp, "alice", t0 + 10, List.of(new Tag(SystemTags.PARENT_RUN_ID, parentId)), "child").runId();
            store.logBatch(childId, List.of(new Metric("fold_acc", 0.8, t0 + 11, 0)), List.of(), List.of());
            store.updateRunInfo(childId, RunStatus.FINISHED, t0 + 20, null);

            Path notes = Files.writeString(tmp.resolve("notes.txt"), "hello artifacts");
            store.artifactRepository(store.getRun(parentId).info().artifactUri()).logArtifact(notes, "plots");

            store.logInputs(parentId, List.of(new DatasetInput(new Dataset("iris", "d1g3st", "local",
                    "{\"uri\": \"/data/iris.csv\"}", "{\"mlflow_colspec\": []}", "{\"num_rows\": 150}"),
                    Map.of("mlflow.data.context", "train"))));

            LoggedModel model = store.createLoggedModel(exp, "classifier", parentId, List.of(new Tag("flavor", "smile")),
                    List.of(new Param("depth", "5")), "smile");
            modelId = model.modelId();
            Path modelDir = Files.createDirectories(tmp.resolve("model"));
            Files.writeString(modelDir.resolve("MLmodel"), "artifact_path: model\nmodel_id: " + modelId + "\n");
            Files.writeString(modelDir.resolve("model.bin"), "weights");
            store.artifactRepository(model.artifactLocation()).logArtifacts(modelDir, null);
            store.finalizeLoggedModel(modelId, LoggedModelStatus.READY);
            store.logOutputs(parentId, List.of(modelId));
            store.logModelMetrics(modelId, parentId, List.of(new Metric("eval_accuracy", 0.93, t0 + 30, 0)));
            store.updateRunInfo(parentId, RunStatus.FINISHED, t0 + 40, null);

            store.createRegisteredModel("iris-classifier");
            ModelVersion v1 = store.createModelVersion("iris-classifier", "models:/" + modelId, null, modelId);
            assertEquals("1", v1.version());
            assertEquals(parentId, v1.runId());
            store.setAlias("iris-classifier", "champion", "1");
        }

        JsonNode py = SqliteTesting.python(tmp.resolve("mlflow.db"), tmp, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                exp = c.get_experiment_by_name("interop")
                runs = c.search_runs([exp.experiment_id], order_by=["attributes.start_time ASC"])
                parent, child = runs
                run = c.get_run(parent.info.run_id)
                models = c.search_logged_models([exp.experiment_id])
                m = models[0]
                mv = c.get_model_version_by_alias("iris-classifier", "champion")
                files = sorted(f.path for f in c.list_logged_model_artifacts(m.model_id))
                # for a local model MLflow downloads in place and adds registered_model_meta next to MLmodel
                downloaded = mlflow.artifacts.download_artifacts("models:/iris-classifier@champion")
                import os
                print(json.dumps({
                    "exp_tags": exp.tags, "exp_location": exp.artifact_location,
                    "names": [r.info.run_name for r in runs], "status": [r.info.status for r in runs],
                    "parent_tag": child.data.tags.get("mlflow.parentRunId"),
                    "params": parent.data.params, "stage": parent.data.tags.get("stage"),
                    "latest_loss": parent.data.metrics["loss"],
                    "specials": {k: repr(run.data.metrics[k]) for k in ("nan", "pinf", "ninf")},
                    "history": [[h.step, h.value, h.timestamp] for h in c.get_metric_history(parent.info.run_id, "loss")],
                    "artifact_uri": parent.info.artifact_uri,
                    "artifacts": [f.path for f in c.list_artifacts(parent.info.run_id)],
                    "plots": [[f.path, f.file_size] for f in c.list_artifacts(parent.info.run_id, "plots")],
                    "datasets": [[d.dataset.name, d.dataset.digest, d.dataset.source, [[t.key, t.value] for t in d.tags]]
                                 for d in run.inputs.dataset_inputs],
                    "outputs": [o.model_id for o in run.outputs.model_outputs],
                    "model": {"id": m.model_id, "name": m.name, "status": str(m.status), "params": m.params,
                              "tags": m.tags, "source_run": m.source_run_id, "type": m.model_type,
                              "metrics": [[x.key, x.value, x.run_id] for x in m.metrics],
                              "files": files},
                    "version": [mv.version, mv.source, mv.run_id, mv.status, list(mv.aliases)],
                    "downloaded": sorted(os.listdir(downloaded)),
                }))
                """);
        Path db = tmp.resolve("mlflow.db");
        assertEquals(List.of(List.of("0", "default"), List.of("1", "default")),
                SqliteTesting.query(db, "SELECT experiment_id, workspace FROM experiments ORDER BY 1"));
        assertEquals(List.of(List.of("iris-classifier", "default")), SqliteTesting.query(db,
                "SELECT name, workspace FROM registered_models"));
        // NaN as 0 with is_nan = 1, infinities as the largest finite doubles
        assertEquals(List.of(List.of("nan", "0", "0", "1", "1"), List.of("ninf", "0", "1", "0", "0"),
                List.of("pinf", "1", "0", "0", "0")), SqliteTesting.query(db, "SELECT key, value = 1.7976931348623157e308, "
                + "value = -1.7976931348623157e308, value = 0, is_nan FROM metrics WHERE key IN ('nan', 'pinf', 'ninf') ORDER BY key"));
        assertEquals(List.of(List.of("RUN_OUTPUT", parentId, "MODEL_OUTPUT", modelId, "0")), SqliteTesting.query(db,
                "SELECT source_type, source_id, destination_type, destination_id, step FROM inputs WHERE source_type = 'RUN_OUTPUT'"));
        assertEquals("ml", py.get("exp_tags").get("team").asText());
        assertEquals(tmp.resolve("mlruns").toString() + "/1", py.get("exp_location").asText());
        assertEquals("[\"parent\",\"child\"]", py.get("names").toString());
        assertEquals("[\"FINISHED\",\"FINISHED\"]", py.get("status").toString());
        assertEquals(parentId, py.get("parent_tag").asText());
        assertEquals("0.01", py.get("params").get("lr").asText());
        assertEquals("100", py.get("params").get("trees").asText());
        assertEquals("dev", py.get("stage").asText());
        assertEquals(0.2, py.get("latest_loss").asDouble());
        assertEquals("nan", py.get("specials").get("nan").asText());
        assertEquals("1.7976931348623157e+308", py.get("specials").get("pinf").asText());
        assertEquals("-1.7976931348623157e+308", py.get("specials").get("ninf").asText());
        assertEquals(5, py.get("history").size());
        for (int step = 0; step < 5; step++) {
            assertEquals(step, py.get("history").get(step).get(0).asInt());
            assertEquals(1.0 / (step + 1), py.get("history").get(step).get(1).asDouble());
            assertEquals(t0 + step, py.get("history").get(step).get(2).asLong());
        }
        assertEquals(tmp.resolve("mlruns/1/" + parentId + "/artifacts").toString(), py.get("artifact_uri").asText());
        assertEquals("[\"plots\"]", py.get("artifacts").toString());
        assertEquals("[[\"plots/notes.txt\",15]]", py.get("plots").toString());
        assertEquals("[[\"iris\",\"d1g3st\",\"{\\\"uri\\\": \\\"/data/iris.csv\\\"}\",[[\"mlflow.data.context\",\"train\"]]]]",
                py.get("datasets").toString());
        assertEquals("[\"" + modelId + "\"]", py.get("outputs").toString());
        JsonNode m = py.get("model");
        assertEquals(modelId, m.get("id").asText());
        assertEquals("classifier", m.get("name").asText());
        assertEquals("READY", m.get("status").asText());
        assertEquals("5", m.get("params").get("depth").asText());
        assertEquals("smile", m.get("tags").get("flavor").asText());
        assertEquals("[{\"name\": \"iris-classifier\", \"version\": 1}]", m.get("tags").get("mlflow.modelVersions").asText());
        assertEquals(parentId, m.get("source_run").asText());
        assertEquals("smile", m.get("type").asText());
        assertEquals("[[\"eval_accuracy\",0.93,\"" + parentId + "\"]]", m.get("metrics").toString());
        assertEquals("[\"MLmodel\",\"model.bin\"]", m.get("files").toString());
        assertEquals("[1,\"models:/" + modelId + "\",\"" + parentId + "\",\"READY\",[\"champion\"]]",
                py.get("version").toString());
        assertTrue(py.get("downloaded").toString().startsWith("[\"MLmodel\",\"model.bin\""), py.get("downloaded").toString());
    }

    @Test
    void metricRowsAndLatestMetricsAreWhatMlflowWrites() throws Exception {
        // batches with steps out of order, ties on step and timestamp, NaN, infinities and repeated points
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[][][] batches = {
                {{5, 100, 1.0}, {3, 200, 2.0}, {5, 100, 0.5}},
                {{5, 100, 1.5}, {5, 50, 9.0}, {4, 900, 7.0}},
                {{6, 10, nan}, {6, 10, 0.0}, {6, 10, -inf}},
                {{6, 10, inf}, {6, 10, inf}, {2, 5, 1.0}},
        };
        Path ours = Files.createDirectories(tmp.resolve("ours"));
        Path theirs = Files.createDirectories(tmp.resolve("theirs"));
        String ourRun;
        try (SqliteStore store = SqliteTesting.open(ours)) {
            ourRun = store.createRun("0", "u", 1, List.of(), "r").runId();
            for (double[][] batch : batches) {
                List<Metric> metrics = new ArrayList<>();
                for (double[] m : batch) {
                    metrics.add(new Metric("m", m[2], (long) m[1], (long) m[0]));
                    metrics.add(new Metric("k" + (long) m[0], m[2], (long) m[1], (long) m[0]));
                }
                store.logBatch(ourRun, metrics, List.of(), List.of());
            }
        }
        StringBuilder py = new StringBuilder("""
                import json
                from mlflow import MlflowClient
                from mlflow.entities import Metric
                c = MlflowClient()
                run = c.create_run("0").info.run_id
                inf, nan = float("inf"), float("nan")
                """);
        for (double[][] batch : batches) {
            py.append("c.log_batch(run, metrics=[");
            for (double[] m : batch) {
                String v = Double.isNaN(m[2]) ? "nan" : Double.isInfinite(m[2]) ? (m[2] > 0 ? "inf" : "-inf") : Double.toString(m[2]);
                py.append("Metric('m', ").append(v).append(", ").append((long) m[1]).append(", ").append((long) m[0]).append("), ");
                py.append("Metric('k").append((long) m[0]).append("', ").append(v).append(", ").append((long) m[1]).append(", ")
                        .append((long) m[0]).append("), ");
            }
            py.append("])\n");
        }
        py.append("print(json.dumps({'run': run}))\n");
        String theirRun = SqliteTesting.python(theirs.resolve("mlflow.db"), theirs, py.toString()).get("run").asText();
        for (String table : List.of("latest_metrics", "metrics")) {
            String sql = "SELECT key, value, timestamp, step, is_nan FROM " + table + " WHERE run_uuid = '%s' ORDER BY key, step, timestamp, value, is_nan";
            List<List<String>> expected = SqliteTesting.query(theirs.resolve("mlflow.db"), sql.formatted(theirRun));
            assertEquals(expected, SqliteTesting.query(ours.resolve("mlflow.db"), sql.formatted(ourRun)), table);
            assertTrue(expected.size() > 5, table + " " + expected);
        }
    }

    @Test
    void javaReadsAndAppendsToWhatPythonLogged() {
        Path db = tmp.resolve("mlflow.db");
        JsonNode created = SqliteTesting.python(db, tmp, """
                import json, mlflow, pandas as pd
                from mlflow import MlflowClient
                mlflow.set_experiment("py-exp")
                with mlflow.start_run(run_name="py-run") as r:
                    mlflow.log_params({"lr": "0.1", "epochs": "3"})
                    for step in range(3):
                        mlflow.log_metric("loss", 1.0 - step * 0.25, step=step)
                    mlflow.set_tag("origin", "python")
                    mlflow.log_input(mlflow.data.from_pandas(pd.DataFrame({"x": [1, 2]}), name="toy"), context="train")
                    m = mlflow.initialize_logged_model(name="py-model", params={"k": "v"})
                    mlflow.finalize_logged_model(m.model_id, "READY")
                    MlflowClient().log_outputs(r.info.run_id, [mlflow.entities.LoggedModelOutput(m.model_id, 0)])
                mlflow.register_model(f"models:/{m.model_id}", "py-registered")
                print(json.dumps({"run_id": r.info.run_id, "model_id": m.model_id}))
                """);
        String runId = created.get("run_id").asText();
        String pyModel = created.get("model_id").asText();
        String javaRun;
        String javaModel;
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            Experiment exp = store.getExperimentByName("py-exp");
            List<Run> runs = store.searchRuns(List.of(exp.experimentId()), null, ViewType.ACTIVE_ONLY, 10, null, null).items();
            assertEquals(List.of(runId), runs.stream().map(Run::runId).toList());
            Run run = runs.get(0);
            assertEquals("py-run", run.info().runName());
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals(Map.of("lr", "0.1", "epochs", "3"), run.data().params());
            assertEquals(0.5, run.data().metric("loss"));
            assertEquals("python", run.data().tags().get("origin"));
            assertEquals(List.of(0L, 1L, 2L), store.getMetricHistory(runId, "loss").stream().map(Metric::step).toList());
            assertEquals("toy", run.datasetInputs().get(0).dataset().name());
            assertEquals("train", run.datasetInputs().get(0).tags().get("mlflow.data.context"));
            assertEquals(List.of(pyModel), run.modelOutputs());
            assertEquals("v", store.getLoggedModel(pyModel).params().get("k"));
            assertEquals("1", store.getModelVersion("py-registered", "1").version());
            assertEquals(pyModel, store.getModelVersion("py-registered", "1").modelId());

            store.logBatch(runId, List.of(new Metric("loss", 0.25, System.currentTimeMillis(), 3),
                    new Metric("loss", 0.125, System.currentTimeMillis(), 4)), List.of(new Param("java", "yes")),
                    List.of(new Tag("appended", "true")));
            javaRun = store.createRun(exp.experimentId(), "bob", System.currentTimeMillis(), List.of(), "java-run").runId();
            LoggedModel lm = store.createLoggedModel(exp.experimentId(), "java-model", javaRun, List.of(), List.of(), null);
            javaModel = lm.modelId();
            store.finalizeLoggedModel(javaModel, LoggedModelStatus.READY);
            store.logOutputs(javaRun, List.of(javaModel));
            store.updateRunInfo(javaRun, RunStatus.FINISHED, System.currentTimeMillis(), null);
            ModelVersion v2 = store.createModelVersion("py-registered", "models:/" + javaModel, null, javaModel);
            assertEquals("2", v2.version());
        }
        JsonNode py = SqliteTesting.python(db, tmp, """
                import json
                from mlflow import MlflowClient
                c = MlflowClient()
                exp = c.get_experiment_by_name("py-exp")
                run = c.get_run("%s")
                java = c.get_run("%s")
                print(json.dumps({
                    "history": [[h.step, h.value] for h in c.get_metric_history(run.info.run_id, "loss")],
                    "latest": run.data.metrics["loss"], "param": run.data.params.get("java"),
                    "tag": run.data.tags.get("appended"), "java_run": [java.info.run_name, java.info.status],
                    "java_outputs": [o.model_id for o in java.outputs.model_outputs],
                    "models": sorted(m.name for m in c.search_logged_models([exp.experiment_id])),
                    "versions": sorted([v.version, v.run_id] for v in c.search_model_versions("name = 'py-registered'")),
                }))
                """.formatted(runId, javaRun));
        assertEquals("[[0,1.0],[1,0.75],[2,0.5],[3,0.25],[4,0.125]]", py.get("history").toString());
        assertEquals(0.125, py.get("latest").asDouble());
        assertEquals("yes", py.get("param").asText());
        assertEquals("true", py.get("tag").asText());
        assertEquals("[\"java-run\",\"FINISHED\"]", py.get("java_run").toString());
        assertEquals("[\"" + javaModel + "\"]", py.get("java_outputs").toString());
        assertEquals("[\"java-model\",\"py-model\"]", py.get("models").toString());
        assertEquals("[[1,\"" + runId + "\"],[2,\"" + javaRun + "\"]]", py.get("versions").toString());
    }
}
