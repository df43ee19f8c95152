package io.jmlflow.samples.smile;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.jmlflow.samples.smile.SmileRuns.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The samples as a user runs them: the plain Smile program and the annotated one, and training in a user's run. */
class SmileSamplesTest {
    @TempDir
    Path dir;

    @Test
    void plainSmileProgramIsLoggedWithoutAnyMlflowCodeAndBehavesAsWithoutTheAgent() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result traced = SmileJvm.ok(SmileJvm.traced(BlobsRandomForest.class, uri, "1500", "40"));
        JavaProcess.Result plain = SmileJvm.ok(SmileJvm.plain(BlobsRandomForest.class, "1500", "40"));
        assertEquals(SmileRuns.withoutAccuracies(plain.stdout()), SmileRuns.withoutAccuracies(traced.stdout()));
        assertTrue(traced.stdout().startsWith("random forest: 40 trees, out-of-bag accuracy "), traced.stdout());
        assertEquals(SmileJvm.programStderr(plain), SmileJvm.programStderr(traced));
        assertTrue(traced.stderr().contains("[mlflow] run RandomForest ("), traced.stderr());
        try (MlflowClient client = new MlflowClient(uri)) {
            Run run = SmileRuns.named(SmileRuns.all(client, "Default"), "RandomForest");
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("40", run.data().params().get("ntrees"));
            assertEquals("12", run.data().params().get("maxDepth"), "set through Smile's Properties");
            assertEquals("1500", run.data().params().get("training_set_size"));
            String printedOob = traced.stdout().replaceAll("(?s).*out-of-bag accuracy ([0-9.]+).*", "$1").trim();
            assertEquals(Double.parseDouble(printedOob), metric(run, "oob_accuracy"), 1e-4);
            assertEquals(40, client.getMetricHistory(run.runId(), "tree_oob_accuracy").size());
            assertEquals(1, run.modelOutputs().size());
        }
    }

    @Test
    void annotatedProgramGetsItsOwnParamsAndMetricsAndSmilesInOneRun() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        // with jmlflow-core on the application's class path, as a program using the annotations has it
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(TrackedBlobsTraining.class, uri)
                .classpath(SmileJvm.classPath(true)));
        assertTrue(r.stdout().contains("gradient boosting on blobs-2000: test accuracy"), r.stdout());
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = SmileRuns.all(client, "smile-samples");
            assertEquals(1, runs.size(), "Smile's training logs into the annotated run, not a run of its own");
            Run run = runs.get(0);
            assertEquals("blobs-gradient-boosting", run.info().runName());
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("60", run.data().params().get("boosting_rounds"));
            assertEquals("0.1", run.data().params().get("learning_rate"));
            assertEquals("blobs-2000", run.data().params().get("dataset"));
            assertEquals("60", run.data().params().get("ntrees"));
            assertEquals("0.1", run.data().params().get("shrinkage"));
            assertEquals("smile.classification.GradientTreeBoost", run.data().params().get("model_class"));
            String printed = r.stdout().replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1").trim();
            assertEquals(Double.parseDouble(printed), metric(run, "test_accuracy"), 1e-4);
            assertTrue(metric(run, "training_accuracy_score") > 0.8);
            assertEquals(1, run.modelOutputs().size());
        }
    }

    @Test
    void inAUsersRunTheFirstModelLogsIntoItAndTheNextIntoANestedRun() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(UserRunProgram.class, uri));
        String userRunId = SmileRuns.lines(r, "USER").keySet().iterator().next();
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = SmileRuns.all(client, "smile-user");
            assertEquals(2, runs.size());
            Run user = client.getRun(userRunId);
            assertEquals("user-run", user.info().runName());
            assertEquals("me", user.data().params().get("owner"));
            assertEquals("smile.classification.RandomForest", user.data().params().get("model_class"));
            assertEquals(1, user.modelOutputs().size());
            Run nested = SmileRuns.named(runs, "GradientTreeBoost");
            assertEquals(userRunId, nested.data().tags().get("mlflow.parentRunId"));
            assertEquals("smile.classification.GradientTreeBoost", nested.data().params().get("model_class"));
            assertEquals(RunStatus.FINISHED, nested.info().status());
            assertEquals(1, nested.modelOutputs().size());
        }
    }
}
