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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.jmlflow.testing.Runs.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-validation, bootstrap and leave-one-out: one parent run each, never a top-level run per fit. */
class SmileValidationTest {
    @TempDir
    Path dir;

    @Test
    void eachValidationIsAParentRunWithAChildRunPerFitAndSmilesSummary() throws Exception {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(ValidationProgram.class, uri).workDir(dir));
        Map<String, String> printed = Runs.lines(r, "CV");
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "Default");
            List<Run> topLevel = runs.stream().filter(x -> !x.data().tags().containsKey("mlflow.parentRunId")).toList();
            assertEquals(List.of("Bootstrap.classification", "CrossValidation.classification", "LOOCV.classification"),
                    topLevel.stream().map(x -> x.info().runName()).sorted().toList());
            assertEquals(3 + 4 + 3, runs.size(), "4 folds and 3 bootstrap rounds as children; 40 LOOCV fits counted");

            Run cv = Runs.named(runs, "CrossValidation.classification");
            assertEquals(RunStatus.FINISHED, cv.info().status());
            Map<String, String> params = cv.data().params();
            assertEquals(Map.of("validation", "CrossValidation.classification", "k", "4", "formula", "label ~ .",
                    "training_set_size", "400", "model", "RandomForest", "fits", "4"),
                    params.entrySet().stream().filter(e -> !e.getKey().startsWith("best_"))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertEquals(Double.parseDouble(printed.get("accuracy")), metric(cv, "cv_mean_accuracy"), 1e-12);
            assertTrue(metric(cv, "cv_std_accuracy") >= 0);
            List<Metric> rounds = Runs.history(client, cv.runId(), "cv_accuracy");
            assertEquals(List.of(1L, 2L, 3L, 4L), rounds.stream().map(Metric::step).toList());
            assertTrue(cv.modelOutputs().isEmpty());
            assertEquals("smile", cv.data().tags().get("mlflow.autologging"));
            DatasetInput data = cv.datasetInputs().get(0);
            assertEquals("train", data.tags().get("mlflow.data.context"));

            // the rounds as a search (TuningRuns): a child per round (4 <= maxTuningRuns), best_* on the parent
            List<Run> folds = runs.stream().filter(x -> cv.runId().equals(x.data().tags().get("mlflow.parentRunId")))
                    .sorted(Comparator.comparing(x -> Integer.parseInt(x.data().params().get("round")))).toList();
            assertEquals(4, folds.size());
            double best = -1;
            String bestRound = null;
            for (int i = 0; i < 4; i++) {
                Run fold = folds.get(i);
                double printedRound = Double.parseDouble(Runs.lines(r, "CV round " + (i + 1)).get("accuracy"));
                assertEquals(printedRound, metric(fold, "val_accuracy_score"), 1e-12, "round " + (i + 1));
                assertEquals(rounds.get(i).value(), metric(fold, "val_accuracy_score"), 1e-12);
                assertTrue(metric(fold, "val_f1_score") > 0.5);
                assertEquals("15", fold.data().params().get("ntrees"));
                assertTrue(metric(fold, "oob_accuracy") > 0.5);
                assertTrue(fold.modelOutputs().isEmpty(), "fold models are not kept");
                if (metric(fold, "val_accuracy_score") > best) {
                    best = metric(fold, "val_accuracy_score");
                    bestRound = fold.data().params().get("round");
                }
            }
            assertEquals(best, metric(cv, "best_val_accuracy_score"), 1e-12);
            assertEquals("15", params.get("best_ntrees"));
            assertEquals(best, metric(folds.get(Integer.parseInt(params.get("best_round")) - 1), "val_accuracy_score"),
                    1e-12, "best round " + params.get("best_round") + " (first best: " + bestRound + ")");
            Path csv = client.downloadArtifacts(cv.runId(), "cv_results.csv", dir.resolve("cv"));
            List<String> lines = Files.readAllLines(csv);
            assertEquals(5, lines.size(), "header and one line per round: " + lines);
            assertTrue(lines.get(0).startsWith("rank,") && lines.get(0).contains("param_round")
                    && lines.get(0).contains("val_accuracy_score"), lines.get(0));
            assertTrue(lines.get(1).startsWith("1,"), lines.get(1));

            Run boot = Runs.named(runs, "Bootstrap.classification");
            assertEquals("3", boot.data().params().get("fits"));
            assertEquals("DecisionTree", boot.data().params().get("model"));
            assertTrue(metric(boot, "bootstrap_mean_accuracy") > 0.5);
            assertNull(boot.data().metric("bootstrap_std_error_rate"));
            assertEquals(3, runs.stream().filter(x -> boot.runId().equals(x.data().tags().get("mlflow.parentRunId")))
                    .count());

            Run loo = Runs.named(runs, "LOOCV.classification");
            assertEquals("40", loo.data().params().get("fits"));
            assertEquals(Double.parseDouble(Runs.lines(r, "LOOCV").get("accuracy")), metric(loo, "loocv_accuracy"),
                    1e-12);
            assertTrue(metric(loo, "total_fit_time_ms") > 0);
        }

        JsonNode py = PythonMlflow.json(uri, dir, """
                import json, mlflow
                runs = mlflow.search_runs(experiment_ids=["0"], output_format="list")
                print(json.dumps([{"name": r.info.run_name, "parent": r.data.tags.get("mlflow.parentRunId"),
                                   "id": r.info.run_id} for r in runs]))
                """);
        assertEquals(10, py.size());
        int children = 0;
        for (JsonNode run : py) if (!run.get("parent").isNull()) children++;
        assertEquals(7, children, "Python MLflow sees the nesting");
    }
}
