package io.jmlflow.integrations.tribuo.e2e;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ensembles, the user's runs, later evaluations and max.tuning.runs, in a real JVM under the agent; the options all
 * integrations share are in {@link TribuoBehaviorTest}.
 */
class TribuoAutologOptionsTest {
    @TempDir
    Path dir;

    private static Map<String, String> lines(String stdout) {
        Map<String, String> out = new HashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
        return out;
    }

    private static List<Metric> history(MlflowClient client, String runId, String key) {
        return client.getMetricHistory(runId, key);
    }

    @Test
    void ensemblesUserRunsLaterEvaluationsAndTuningRunsBehaveAsInMlflow() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = TribuoJvm.withAgent(OptionsApp.class, null, uri).workDir(dir).run(180);
        assertEquals(0, r.exitCode(), r.describe());
        Map<String, String> printed = lines(r.stdout());

        try (MlflowClient client = new MlflowClient(uri)) {
            String experiment = client.getExperimentByName("tribuo-sample").orElseThrow().experimentId();
            Map<String, Run> byId = client.searchRuns(List.of(experiment), "").stream()
                    .collect(Collectors.toMap(Run::runId, x -> x));
            assertEquals(5 + 1, byId.size(), "bagging, adaboost, split, own, user-run, a cross-validation: "
                    + byId.values());

            // A caller's own run provenance map: kept, with the run id next to it.
            assertTrue(byId.containsKey(printed.get("own")), printed.toString());
            assertTrue(printed.get("own-fold").endsWith("3"), printed.get("own-fold"));

            // Ensembles: one run each, with the ensemble's configuration; the members made no runs.
            Run bagging = byId.get(printed.get("bagging"));
            assertEquals("org.tribuo.ensemble.BaggingTrainer", bagging.data().tags().get("estimator_class"));
            assertEquals("3", bagging.data().params().get("innerTrainer.maxDepth"));
            assertEquals("3", bagging.data().params().get("numMembers"));
            assertEquals("org.tribuo.classification.ensemble.AdaBoostTrainer",
                    byId.get(printed.get("adaboost")).data().tags().get("estimator_class"));

            // Later evaluations (the one naming rule): the first data evaluated is eval_, the same data again is the
            // next step, other data eval_<name>_ (named after its source, _2, _3 when names repeat); the training
            // data evaluated by the user is just more data. They are also linked to the logged model.
            assertEquals(List.of(0L, 1L), history(client, bagging.runId(), "eval_accuracy_score").stream()
                    .map(Metric::step).sorted().toList());
            assertEquals(1, history(client, bagging.runId(), "eval_checkerboard_2_accuracy_score").size());
            assertEquals(1, history(client, bagging.runId(), "eval_checkerboard_3_accuracy_score").size());
            assertEquals(List.of(0L), history(client, bagging.runId(), "training_accuracy_score").stream()
                    .map(Metric::step).toList());
            assertTrue(bagging.data().tags().get("tribuo.dataset.eval_checkerboard_2").contains("seed=3"));
            assertEquals(4, bagging.datasetInputs().size(), "train + three eval datasets: " + bagging.datasetInputs());
            LoggedModel baggingModel = client.getLoggedModel(bagging.modelOutputs().get(0));
            assertTrue(baggingModel.metrics().stream().anyMatch(m -> m.key().equals("eval_checkerboard_2_accuracy_score")),
                    baggingModel.metrics().toString());

            Run split = byId.get(printed.get("split"));
            assertNotNull(split.data().metric("eval_accuracy_score"), split.data().metrics().toString());
            assertTrue(split.datasetInputs().stream().anyMatch(i -> i.dataset().name().equals("checkerboard_test")
                    && "eval".equals(i.tags().get("mlflow.data.context"))), split.datasetInputs().toString());
            assertTrue(split.datasetInputs().stream().anyMatch(i -> i.dataset().name().equals("checkerboard_train")
                    && "train".equals(i.tags().get("mlflow.data.context"))), split.datasetInputs().toString());
            assertTrue(split.data().params().get("dataset.source").contains("isTrain=true"), split.data().params().toString());

            // The user's run: autologging logged into it, left it to the user, and a later evaluation still landed.
            Run user = byId.get(printed.get("user-run"));
            assertEquals("user-run", user.info().runName());
            assertEquals("true", printed.get("user-run-still-active"));
            assertEquals(RunStatus.FINISHED, user.info().status());
            assertEquals("mine", user.data().params().get("note"));
            assertEquals("6", user.data().params().get("maxDepth"));
            assertNull(user.data().tags().get("mlflow.autologging"), "the user's run, not an autolog run");
            assertNotNull(user.data().metric("eval_accuracy_score"), user.data().metrics().toString());
            assertEquals(1, user.modelOutputs().size());

            // max.tuning.runs=2 is for searches: a cross-validation validates one setting and stays one run.
            Run cv = byId.values().stream().filter(x -> x.data().params().containsKey("cv.num_folds")).findFirst().orElseThrow();
            assertEquals(0, byId.values().stream().filter(x -> cv.runId().equals(x.data().tags().get("mlflow.parentRunId")))
                    .count());
            assertEquals(3, client.getMetricHistory(cv.runId(), "cv_accuracy_score").size());

            assertNotEquals(printed.get("bagging"), printed.get("adaboost"));
        }
    }
}
