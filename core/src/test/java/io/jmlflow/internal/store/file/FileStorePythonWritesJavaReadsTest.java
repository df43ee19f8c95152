package io.jmlflow.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.ViewType;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file store written by the real MLflow, read back by {@link FileStore}. */
class FileStorePythonWritesJavaReadsTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void javaReadsExactlyWhatPythonWrote() {
        Path root = tmp.resolve("mlruns");
        JsonNode ids = PythonMlflow.json("file://" + root, tmp, """
                import json, mlflow
                import pandas as pd
                from mlflow import MlflowClient
                from mlflow.entities import Metric, Param, RunTag, LoggedModelOutput
                T0 = 1_700_000_000_000
                c = MlflowClient()
                exp = c.create_experiment("python-writes", tags={"owner": "py"})
                runs = []
                for i in range(3):
                    tags = {"idx": str(i)}
                    if i == 2:
                        tags["mlflow.parentRunId"] = runs[0]
                    r = c.create_run(exp, run_name=f"py-run-{i}", tags=tags, start_time=T0 + i)
                    rid = r.info.run_id
                    runs.append(rid)
                    c.log_batch(rid, metrics=[Metric("acc", i * 0.1 + s * 0.01, T0 + s, s) for s in range(5)],
                                params=[Param("model", "rf" if i % 2 == 0 else "gbt"), Param("i", str(i))],
                                tags=[RunTag("path/like", f"v{i}")])
                c.log_metric(runs[0], "weird", float("nan"), timestamp=T0, step=0)
                c.log_metric(runs[0], "weird", float("inf"), timestamp=T0, step=1)
                c.set_terminated(runs[1], "FAILED", end_time=T0 + 99)
                with mlflow.start_run(run_id=runs[0]):
                    mlflow.log_input(mlflow.data.from_pandas(pd.DataFrame({"x": [1.0, 2.0]}), name="mini"),
                                     context="train")
                m = c.create_logged_model(exp, name="py-model", source_run_id=runs[0], params={"trees": "7"},
                                          tags={"k": "v"}, model_type="sklearn")
                c.log_metric(runs[0], "m_acc", 0.88, timestamp=T0 + 7, step=1, model_id=m.model_id)
                c.finalize_logged_model(m.model_id, "READY")
                c.log_outputs(runs[0], [LoggedModelOutput(m.model_id, 2)])
                c.create_registered_model("py-registered")
                mv = c.create_model_version("py-registered", f"models:/{m.model_id}", run_id=runs[0],
                                            model_id=m.model_id)
                c.set_registered_model_alias("py-registered", "prod", mv.version)
                digest = c.get_run(runs[0]).inputs.dataset_inputs[0].dataset.digest
                print(json.dumps({"exp": exp, "runs": runs, "model": m.model_id, "digest": digest,
                                  "model_location": c.get_logged_model(m.model_id).artifact_location}))
                """);
        String exp = ids.get("exp").asText();
        String r0 = ids.at("/runs/0").asText();
        String r1 = ids.at("/runs/1").asText();
        String r2 = ids.at("/runs/2").asText();
        String modelId = ids.get("model").asText();

        FileStore store = FileStore.open(root.toString());
        Experiment e = store.getExperimentByName("python-writes");
        assertEquals(exp, e.experimentId());
        assertEquals("py", e.tags().get("owner"));
        assertEquals("Default", store.getExperiment("0").name());

        Run run = store.getRun(r0);
        assertEquals("py-run-0", run.info().runName());
        assertEquals(RunStatus.FINISHED, run.info().status()); // the fluent "with start_run(run_id=...)" ended it
        assertEquals(T0, run.info().startTime());
        assertEquals(Map.of("model", "rf", "i", "0"), run.data().params());
        assertEquals("0", run.data().tags().get("idx"));
        assertEquals("v0", run.data().tags().get("path/like"));
        assertEquals(0.04, run.data().metric("acc"));
        assertEquals(Double.POSITIVE_INFINITY, run.data().metric("weird")); // step 1 beats step 0
        assertEquals(0.88, run.data().metric("m_acc"));
        DatasetInput input = run.datasetInputs().get(0);
        assertEquals("mini", input.dataset().name());
        assertEquals(ids.get("digest").asText(), input.dataset().digest());
        assertEquals("train", input.tags().get("mlflow.data.context"));
        assertEquals(List.of(modelId), run.modelOutputs());

        List<Metric> acc = store.getMetricHistory(r0, "acc");
        assertEquals(5, acc.size());
        for (int s = 0; s < 5; s++) {
            assertEquals(new Metric("acc", s * 0.01, T0 + s, s), acc.get(s));
        }
        List<Metric> weird = store.getMetricHistory(r0, "weird");
        assertTrue(Double.isNaN(weird.get(0).value()));
        assertEquals(Double.POSITIVE_INFINITY, weird.get(1).value());

        Run failed = store.getRun(r1);
        assertEquals(RunStatus.FAILED, failed.info().status());
        assertEquals(Long.valueOf(T0 + 99), failed.info().endTime());

        List<String> rf = store.searchRuns(List.of(exp), "params.model = 'rf'", ViewType.ACTIVE_ONLY, 100,
                List.of("metrics.acc DESC"), null).items().stream().map(Run::runId).toList();
        assertEquals(List.of(r2, r0), rf);
        List<String> byStatus = store.searchRuns(List.of(exp), "attributes.status = 'FAILED'", ViewType.ACTIVE_ONLY,
                100, null, null).items().stream().map(Run::runId).toList();
        assertEquals(List.of(r1), byStatus);
        List<String> children = store.searchRuns(List.of(exp), "tags.mlflow.parentRunId = '" + r0 + "'",
                ViewType.ACTIVE_ONLY, 100, null, null).items().stream().map(Run::runId).toList();
        assertEquals(List.of(r2), children);
        List<String> newestFirst = store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 100, null, null).items()
                .stream().map(Run::runId).toList();
        assertEquals(List.of(r2, r1, r0), newestFirst);

        LoggedModel m = store.getLoggedModel(modelId);
        assertEquals("py-model", m.name());
        assertEquals(LoggedModelStatus.READY, m.status());
        assertEquals(exp, m.experimentId());
        assertEquals(r0, m.sourceRunId());
        assertEquals("sklearn", m.modelType());
        assertEquals("7", m.params().get("trees"));
        assertEquals("v", m.tags().get("k"));
        assertEquals(List.of(new Metric("m_acc", 0.88, T0 + 7, 1)), m.metrics());
        assertEquals(ids.get("model_location").asText(), m.artifactLocation());
        assertEquals(List.of(modelId), store.searchLoggedModels(List.of(exp), "name = 'py-model'", 10, null).items()
                .stream().map(LoggedModel::modelId).toList());

        ModelVersion prod = store.getModelVersionByAlias("py-registered", "prod");
        assertEquals("1", prod.version());
        assertEquals(modelId, prod.modelId());
        assertEquals(r0, prod.runId());
        assertEquals("models:/" + modelId, prod.source());

        // Java continues the Python run: same param value is fine, a different one is refused.
        store.logBatch(r0, List.of(), List.of(new Param("model", "rf")), List.of());
        MlflowException conflict = assertThrows(MlflowException.class,
                () -> store.logBatch(r0, List.of(), List.of(new Param("model", "svm")), List.of()));
        assertEquals(MlflowException.INVALID_PARAMETER_VALUE, conflict.errorCode());
        assertTrue(conflict.getMessage().contains("'model'") && conflict.getMessage().contains("'rf'")
                && conflict.getMessage().contains("'svm'"), conflict.getMessage());
        assertNull(store.getExperimentByName("no-such-experiment"));
    }
}
