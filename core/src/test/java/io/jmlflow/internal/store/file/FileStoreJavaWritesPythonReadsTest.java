package io.jmlflow.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs, metrics, artifacts, datasets, logged models and registry entries written by Java, read by the real MLflow. */
class FileStoreJavaWritesPythonReadsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String NOTE = "multi\nline 'single' \"double\" ünïcödé: yes # not a comment";

    @TempDir
    Path tmp;

    @Test
    void pythonReadsExactlyWhatJavaWrote() throws Exception {
        Path root = tmp.resolve("ml runs");
        FileStore store = FileStore.open("file://" + root);
        String exp = store.createExperiment("java-writes", null, List.of(new Tag("team", "ml")));

        Run parent = store.createRun(exp, "alice", T0, List.of(new Tag("mlflow.user", "alice"),
                new Tag("mlflow.source.type", "LOCAL")), "parent-run");
        String pid = parent.runId();
        List<Metric> batch = new ArrayList<>();
        for (int step = 0; step < 10; step++) batch.add(new Metric("loss", 1.0 / (step + 1), T0 + step, step));
        batch.add(new Metric("nan_metric", Double.NaN, T0, 0));
        batch.add(new Metric("pos_inf", Double.POSITIVE_INFINITY, T0, 0));
        batch.add(new Metric("neg_inf", Double.NEGATIVE_INFINITY, T0, 0));
        batch.add(new Metric("small", 1e-5, T0, 0));
        batch.add(new Metric("big", 1e16, T0, 0));
        batch.add(new Metric("nested/metric", 2.5, T0, 3));
        store.logBatch(pid, batch, List.of(new Param("lr", "0.01"), new Param("model/depth", "5"),
                new Param("yes", "no")), List.of(new Tag("note", NOTE), new Tag("0x1f", "1e5")));

        String cid = store.createRun(exp, "alice", T0 + 100, List.of(new Tag("mlflow.parentRunId", pid)),
                "child-run").runId();
        store.logBatch(cid, List.of(new Metric("loss", 0.5, T0 + 200, 0)), List.of(), List.of());
        store.updateRunInfo(cid, RunStatus.FINISHED, T0 + 1000, null);

        Path report = Files.writeString(tmp.resolve("report.txt"), "accuracy report");
        store.artifactRepository(parent.info().artifactUri()).logArtifact(report, "reports");

        store.logInputs(pid, List.of(new DatasetInput(new Dataset("train-data", "abc123", "code",
                "{\"path\": \"x\"}", "{\"mlflow_colspec\": []}", "{\"num_rows\": 3}"),
                Map.of("mlflow.data.context", "train"))));

        LoggedModel model = store.createLoggedModel(exp, "java-model", pid, List.of(new Tag("flavor", "smile")),
                List.of(new Param("trees", "10")), "smile");
        Path modelFiles = Files.createDirectories(tmp.resolve("model-files"));
        Files.writeString(modelFiles.resolve("MLmodel"), "artifact_path: model\nflavors: {}\n");
        Files.writeString(modelFiles.resolve("model.bin"), "weights");
        store.artifactRepository(model.artifactLocation()).logArtifacts(modelFiles, null);
        store.logModelMetrics(model.modelId(), pid, List.of(new Metric("eval_acc", 0.93, T0 + 5, 2)));
        store.finalizeLoggedModel(model.modelId(), LoggedModelStatus.READY);
        store.logOutputs(pid, List.of(model.modelId()));
        store.updateRunInfo(pid, RunStatus.FINISHED, T0 + 2000, null);

        store.createRegisteredModel("java-registered");
        ModelVersion v1 = store.createModelVersion("java-registered", "models:/" + model.modelId(), null, null);
        store.setAlias("java-registered", "champion", v1.version());

        JsonNode out = PythonMlflow.json("file://" + root, tmp, """
                import json, math, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                def f(x):
                    return repr(x) if isinstance(x, float) and (math.isnan(x) or math.isinf(x)) else x
                def hist(run_id, key):
                    return [[m.step, f(m.value), m.timestamp] for m in c.get_metric_history(run_id, key)]
                exp = c.get_experiment_by_name("java-writes")
                df = mlflow.search_runs(experiment_ids=[exp.experiment_id], order_by=["attributes.start_time ASC"])
                rows = [{"run_id": r["run_id"], "status": r["status"], "lr": r.get("params.lr"),
                         "loss": float(r["metrics.loss"]), "parent": r.get("tags.mlflow.parentRunId"),
                         "name": r["tags.mlflow.runName"]} for _, r in df.iterrows()]
                for row in rows:
                    row["lr"] = None if not isinstance(row["lr"], str) else row["lr"]
                    row["parent"] = None if not isinstance(row["parent"], str) else row["parent"]
                parent = c.get_run(rows[0]["run_id"])
                child = c.get_run(rows[1]["run_id"])
                pid = parent.info.run_id
                models = mlflow.search_logged_models(experiment_ids=[exp.experiment_id], output_format="list")
                m = models[0]
                mv = c.get_model_version_by_alias("java-registered", "champion")
                print(json.dumps({
                  "experiment": {"id": exp.experiment_id, "tags": exp.tags, "stage": exp.lifecycle_stage,
                                 "artifact_location": exp.artifact_location},
                  "default": c.get_experiment("0").name,
                  "rows": rows,
                  "parent": {"name": parent.info.run_name, "status": parent.info.status, "user": parent.info.user_id,
                             "start": parent.info.start_time, "end": parent.info.end_time,
                             "artifact_uri": parent.info.artifact_uri, "params": parent.data.params,
                             "tags": parent.data.tags,
                             "metrics": {k: f(v) for k, v in parent.data.metrics.items()}},
                  "child": {"status": child.info.status, "end": child.info.end_time, "tags": child.data.tags},
                  "loss": hist(pid, "loss"),
                  "nested": hist(pid, "nested/metric"),
                  "nonfinite": [hist(pid, k)[0][1] for k in ["nan_metric", "pos_inf", "neg_inf"]],
                  "artifacts": [[a.path, a.is_dir] for a in c.list_artifacts(pid)]
                               + [[a.path, a.is_dir, a.file_size] for a in c.list_artifacts(pid, "reports")],
                  "report": open(mlflow.artifacts.download_artifacts(run_id=pid, artifact_path="reports/report.txt")).read(),
                  "inputs": [[d.dataset.name, d.dataset.digest, d.dataset.source_type, d.dataset.profile,
                              {t.key: t.value for t in d.tags}] for d in parent.inputs.dataset_inputs],
                  "outputs": [[o.model_id, o.step] for o in parent.outputs.model_outputs],
                  "models": [{"id": x.model_id, "name": x.name, "status": str(x.status), "params": x.params,
                              "tags": x.tags, "type": x.model_type, "source_run_id": x.source_run_id,
                              "artifact_location": x.artifact_location,
                              "metrics": [[k.key, k.value, k.step, k.run_id] for k in x.metrics]} for x in models],
                  "model_files": sorted(a.path for a in mlflow.artifacts.list_artifacts(artifact_uri=m.artifact_location)),
                  "version": {"version": str(mv.version), "source": mv.source, "run_id": mv.run_id,
                              "model_id": mv.model_id, "aliases": list(mv.aliases),
                              "download": c.get_model_version_download_uri("java-registered", mv.version)},
                }))
                """);

        assertEquals(exp, out.at("/experiment/id").asText());
        assertEquals("ml", out.at("/experiment/tags/team").asText());
        assertEquals("active", out.at("/experiment/stage").asText());
        assertEquals(StoreLayout.pythonFileUri(root) + "/" + exp, out.at("/experiment/artifact_location").asText());
        assertTrue(out.at("/experiment/artifact_location").asText().contains("ml%20runs"));
        assertEquals("Default", out.get("default").asText());

        JsonNode rows = out.get("rows");
        assertEquals(2, rows.size());
        assertEquals(pid, rows.at("/0/run_id").asText());
        assertEquals("FINISHED", rows.at("/0/status").asText());
        assertEquals("0.01", rows.at("/0/lr").asText());
        assertEquals(0.1, rows.at("/0/loss").asDouble()); // latest = highest step (9): 1/10
        assertEquals("parent-run", rows.at("/0/name").asText());
        assertEquals(cid, rows.at("/1/run_id").asText());
        assertEquals(pid, rows.at("/1/parent").asText());
        assertEquals(0.5, rows.at("/1/loss").asDouble());

        JsonNode p = out.get("parent");
        assertEquals("parent-run", p.get("name").asText());
        assertEquals("alice", p.get("user").asText());
        assertEquals(T0, p.get("start").asLong());
        assertEquals(T0 + 2000, p.get("end").asLong());
        assertEquals(parent.info().artifactUri(), p.get("artifact_uri").asText());
        assertEquals(Map.of("lr", "0.01", "model/depth", "5", "yes", "no"), toMap(p.get("params")));
        assertEquals(NOTE, p.at("/tags/note").asText());
        assertEquals("1e5", p.at("/tags/0x1f").asText());
        assertEquals("parent-run", p.at("/tags/mlflow.runName").asText());
        assertEquals("nan", p.at("/metrics/nan_metric").asText());
        assertEquals("inf", p.at("/metrics/pos_inf").asText());
        assertEquals("-inf", p.at("/metrics/neg_inf").asText());
        assertEquals(1e-5, p.at("/metrics/small").asDouble());
        assertEquals(1e16, p.at("/metrics/big").asDouble());
        assertEquals(2.5, p.at("/metrics/nested~1metric").asDouble());

        assertEquals("FINISHED", out.at("/child/status").asText());
        assertEquals(T0 + 1000, out.at("/child/end").asLong());
        assertEquals(pid, out.at("/child/tags/mlflow.parentRunId").asText());

        JsonNode loss = out.get("loss");
        assertEquals(10, loss.size());
        for (int step = 0; step < 10; step++) {
            assertEquals(step, loss.at("/" + step + "/0").asLong());
            assertEquals(1.0 / (step + 1), loss.at("/" + step + "/1").asDouble());
            assertEquals(T0 + step, loss.at("/" + step + "/2").asLong());
        }
        assertEquals(3, out.at("/nested/0/0").asLong());
        assertEquals("[\"nan\",\"inf\",\"-inf\"]", out.get("nonfinite").toString());

        assertEquals("[[\"reports\",true],[\"reports/report.txt\",false,15]]", out.get("artifacts").toString());
        assertEquals("accuracy report", out.get("report").asText());

        assertEquals("[[\"train-data\",\"abc123\",\"code\",\"{\\\"num_rows\\\": 3}\",{\"mlflow.data.context\":\"train\"}]]",
                out.get("inputs").toString());
        assertEquals("[[\"" + model.modelId() + "\",0]]", out.get("outputs").toString());

        JsonNode m = out.at("/models/0");
        assertEquals(1, out.get("models").size());
        assertEquals(model.modelId(), m.get("id").asText());
        assertEquals("java-model", m.get("name").asText());
        assertEquals("READY", m.get("status").asText());
        assertEquals("10", m.at("/params/trees").asText());
        assertEquals("smile", m.at("/tags/flavor").asText());
        assertEquals("smile", m.get("type").asText());
        assertEquals(pid, m.get("source_run_id").asText());
        assertEquals(model.artifactLocation(), m.get("artifact_location").asText());
        assertEquals("[[\"eval_acc\",0.93,2,\"" + pid + "\"]]", m.get("metrics").toString());
        // mlflow.artifacts.list_artifacts(artifact_uri=...) names files relative to the location's parent
        assertEquals("[\"artifacts/MLmodel\",\"artifacts/model.bin\"]", out.get("model_files").toString());

        JsonNode v = out.get("version");
        assertEquals("1", v.get("version").asText());
        assertEquals("models:/" + model.modelId(), v.get("source").asText());
        assertEquals(pid, v.get("run_id").asText());
        assertEquals(model.modelId(), v.get("model_id").asText());
        assertEquals("[\"champion\"]", v.get("aliases").toString());
        assertEquals(model.artifactLocation(), v.get("download").asText());
    }

    private static Map<String, String> toMap(JsonNode node) {
        Map<String, String> m = new java.util.TreeMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
