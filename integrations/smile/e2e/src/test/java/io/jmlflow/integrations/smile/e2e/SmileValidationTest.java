package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.jmlflow.testing.Runs.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-validation, bootstrap and leave-one-out (issue 24, point 8): each validates one setting, so each is one run as
 * it is, never a run per fit and never a search: the rounds' held-out metrics as a history (step = round) with their
 * mean and standard deviation, no child runs, no {@code best_*}.
 */
class SmileValidationTest {
    @TempDir
    Path dir;

    @Test
    void eachValidationIsOneRunWithItsRoundsAsHistory() throws Exception {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(ValidationProgram.class, uri).workDir(dir));
        Map<String, String> printed = Runs.lines(r, "CV");
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "Default");
            assertEquals(List.of("Bootstrap.classification", "CrossValidation.classification", "LOOCV.classification"),
                    runs.stream().map(x -> x.info().runName()).sorted().toList(), "one run per validation, no children");

            Run cv = Runs.named(runs, "CrossValidation.classification");
            assertEquals(RunStatus.FINISHED, cv.info().status());
            Map<String, String> params = cv.data().params();
            assertEquals("CrossValidation.classification", params.get("validation"));
            assertEquals("4", params.get("k"));
            assertEquals("400", params.get("training_set_size"));
            assertEquals("RandomForest", params.get("model"));
            assertEquals("4", params.get("fits"));
            assertEquals("15", params.get("ntrees"), "the setting validated: the rounds' hyperparameters");
            assertEquals("2", params.get("mtry"), "as Smile used it: floor(sqrt(4))");
            assertTrue(params.keySet().stream().noneMatch(k -> k.startsWith("best_")), params.toString());
            assertTrue(cv.data().metrics().stream().noneMatch(m -> m.key().startsWith("best_")));

            List<Metric> rounds = Runs.history(client, cv.runId(), "cv_accuracy_score");
            assertEquals(List.of(1L, 2L, 3L, 4L), rounds.stream().map(Metric::step).toList());
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double printedRound = Double.parseDouble(Runs.lines(r, "CV round " + (i + 1)).get("accuracy"));
                assertEquals(printedRound, rounds.get(i).value(), 1e-12, "round " + (i + 1));
                sum += printedRound;
            }
            assertEquals(Double.parseDouble(printed.get("accuracy")), sum / 4, 1e-12, "Smile's own mean");
            assertEquals(sum / 4, metric(cv, "cv_mean_accuracy_score"), 1e-12);
            assertTrue(metric(cv, "cv_std_accuracy_score") >= 0);
            assertTrue(metric(cv, "cv_mean_f1_score") > 0.5);
            assertEquals(4, Runs.history(client, cv.runId(), "cv_oob_accuracy").size(), "each round's forest");
            assertEquals(4, Runs.history(client, cv.runId(), "cv_fit_time_ms").size());
            assertTrue(cv.modelOutputs().isEmpty(), "fold models are not kept");
            assertTrue(client.listArtifacts(cv.runId(), null).isEmpty(), "no cv_results.csv of a search");
            assertEquals("smile", cv.data().tags().get("mlflow.autologging"));
            DatasetInput data = cv.datasetInputs().get(0);
            assertEquals("train", data.tags().get("mlflow.data.context"));

            Run boot = Runs.named(runs, "Bootstrap.classification");
            assertEquals("3", boot.data().params().get("fits"));
            assertEquals("DecisionTree", boot.data().params().get("model"));
            assertEquals(List.of(1L, 2L, 3L), Runs.history(client, boot.runId(), "bootstrap_accuracy_score").stream()
                    .map(Metric::step).toList());
            assertEquals(Double.parseDouble(Runs.lines(r, "bootstrap").get("accuracy")),
                    metric(boot, "bootstrap_mean_accuracy_score"), 1e-12);

            Run loo = Runs.named(runs, "LOOCV.classification");
            assertEquals("40", loo.data().params().get("fits"));
            assertEquals(Double.parseDouble(Runs.lines(r, "LOOCV").get("accuracy")), metric(loo, "loocv_accuracy"),
                    1e-12);
            assertTrue(metric(loo, "total_fit_time_ms") > 0);
        }

        JsonNode py = PythonMlflow.json(uri, dir, """
                import json, mlflow
                from mlflow import MlflowClient
                runs = mlflow.search_runs(experiment_ids=["0"], output_format="list")
                cv = [r for r in runs if r.info.run_name == "CrossValidation.classification"][0]
                print(json.dumps({
                    "parents": [r.data.tags.get("mlflow.parentRunId") for r in runs],
                    "steps": [m.step for m in MlflowClient().get_metric_history(cv.info.run_id, "cv_accuracy_score")],
                    "mean": cv.data.metrics["cv_mean_accuracy_score"],
                }))
                """);
        assertEquals(3, py.get("parents").size());
        for (JsonNode parent : py.get("parents")) assertTrue(parent.isNull(), "Python MLflow sees no nesting");
        assertEquals("[1,2,3,4]", py.get("steps").toString().replace(" ", ""));
    }
}
