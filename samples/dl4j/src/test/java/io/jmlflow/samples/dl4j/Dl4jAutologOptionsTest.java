package io.jmlflow.samples.dl4j;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autologging options as they apply to DL4J, each in a JVM started with the agent. */
class Dl4jAutologOptionsTest {
    @Test
    void disabledForDl4jLogsNothingAndTrainingIsUnchanged(@TempDir Path dir) {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = Dl4jChildJvm.run(dir, uri, "autolog.dl4j.enabled=false", IrisClassifier.class, "2", "32");
        assertTrue(r.stdout().contains("accuracy after 2 epochs"), r.describe());
        assertFalse(Files.exists(dir.resolve("mlruns")) && !runs(uri).isEmpty(), "no run was logged");
    }

    @Test
    void withoutModelLoggingTheRunHasNoModel(@TempDir Path dir) {
        String uri = "file:" + dir.resolve("mlruns");
        Dl4jChildJvm.run(dir, uri, "autolog.log.models=false", IrisClassifier.class, "2", "32");
        List<Run> runs = runs(uri);
        assertEquals(1, runs.size());
        assertEquals("MultiLayerNetwork", runs.get(0).data().params().get("model_class"));
        assertTrue(runs.get(0).data().metric("training_accuracy_score") != null);
        try (MlflowClient c = new MlflowClient(uri)) {
            assertTrue(c.searchLoggedModels(List.of("0"), null, 10, null).items().isEmpty());
        }
    }

    @Test
    void datasetsPlotsAndPostTrainingMetricsCanBeTurnedOff(@TempDir Path dir) {
        String uri = "file:" + dir.resolve("mlruns");
        Dl4jChildJvm.run(dir, uri, "autolog.log.datasets=false,autolog.log.plots=false,"
                + "autolog.log.post.training.metrics=false", IrisClassifier.class, "2", "32");
        List<Run> runs = runs(uri);
        assertEquals(1, runs.size());
        Run run = runs.get(0);
        assertTrue(run.data().metric("training_accuracy_score") != null, "training metrics stay");
        assertTrue(run.data().metrics().stream().noneMatch(m -> m.key().startsWith("eval_")),
                run.data().metrics().toString());
        try (MlflowClient c = new MlflowClient(uri)) {
            assertTrue(c.getRun(run.info().runId()).datasetInputs().isEmpty());
            List<String> artifacts = c.listArtifacts(run.info().runId(), null).stream()
                    .map(io.jmlflow.entities.FileInfo::path).toList();
            assertTrue(artifacts.stream().noneMatch(a -> a.endsWith(".png")), artifacts.toString());
            assertTrue(artifacts.contains("estimator.html"), artifacts.toString());
        }
    }

    @Test
    void trainingInsideTheUsersRunLogsIntoItAndLeavesItToTheUser(@TempDir Path dir) {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = Dl4jChildJvm.run(dir, uri, null, UserRunTraining.class, "2", "32", "2");
        List<Run> runs = runs(uri);
        assertEquals(1, runs.size(), "no run of its own");
        Run run = runs.get(0);
        assertEquals(userRun(r), run.info().runId());
        assertEquals("my-own-run", run.info().runName());
        assertEquals(RunStatus.FINISHED, run.info().status());
        assertEquals("42", run.data().params().get("seed"));
        assertTrue(run.data().metric("after_training") != null, "the user's run stayed open after fit");
        assertTrue(run.data().metric("epoch_loss") != null);
        assertTrue(run.data().metric("model_2.epoch_loss") != null, "the second model's metrics, prefixed");
        assertTrue(r.stderr().contains("share run " + run.info().runId()), r.stderr());
        try (MlflowClient c = new MlflowClient(uri)) {
            List<String> names = c.searchLoggedModels(List.of("0"), null, 10, null).items().stream()
                    .map(io.jmlflow.entities.LoggedModel::name).sorted().toList();
            assertEquals(List.of("model", "model_2"), names);
        }
    }

    @Test
    void exclusiveLeavesTheUsersRunAlone(@TempDir Path dir) {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = Dl4jChildJvm.run(dir, uri, "autolog.exclusive=true", UserRunTraining.class, "2", "32");
        List<Run> runs = runs(uri);
        assertEquals(1, runs.size());
        assertEquals(userRun(r), runs.get(0).info().runId());
        assertTrue(runs.get(0).data().params().isEmpty(), runs.get(0).data().params().toString());
        assertEquals(List.of("after_training"), runs.get(0).data().metrics().stream().map(io.jmlflow.entities.Metric::key).toList());
    }

    private static String userRun(JavaProcess.Result r) {
        Matcher m = Pattern.compile("USER_RUN=(\\w+)").matcher(r.stdout());
        assertTrue(m.find(), r.describe());
        return m.group(1);
    }

    private static List<Run> runs(String uri) {
        try (MlflowClient c = new MlflowClient(uri)) {
            return c.searchRuns(List.of("0"), "");
        }
    }
}
