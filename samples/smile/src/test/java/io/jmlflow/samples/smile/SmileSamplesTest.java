package io.jmlflow.samples.smile;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.AppClassPath;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.jmlflow.testing.Runs.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One smoke test per sample, run as a user runs it under the agent. What Smile autologging logs is tested in
 * {@code integrations/smile/e2e}.
 */
class SmileSamplesTest {
    @TempDir
    Path dir;

    /** The sample's class path; without jmlflow's jars for a program with no MLflow code (the agent jar has the API). */
    private static String classPath(boolean withApi) {
        return Stream.of(AppClassPath.of(SmileSamplesTest.class).split(File.pathSeparator))
                .filter(e -> withApi || !Paths.get(e).getFileName().toString().startsWith("jmlflow-"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static JavaProcess traced(Class<?> program, String uri, boolean withApi, String... args) {
        return AgentJvm.traced(JavaProcess.main(program, args).classpath(classPath(withApi)), uri, null);
    }

    @Test
    void plainSmileProgramIsLoggedWithoutAnyMlflowCode() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess.Result r = AgentJvm.ok(traced(BlobsRandomForest.class, uri, false, "1500", "40"));
        assertTrue(r.stdout().startsWith("random forest: 40 trees, out-of-bag accuracy "), r.stdout());
        assertTrue(r.stderr().contains("[mlflow] run RandomForest ("), r.stderr());
        try (MlflowClient client = new MlflowClient(uri)) {
            Run run = Runs.named(Runs.all(client, "Default"), "RandomForest");
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("40", run.data().params().get("ntrees"));
            assertEquals("12", run.data().params().get("maxDepth"), "the sample's own setting, not Smile's default 20");
            String printedOob = r.stdout().replaceAll("(?s).*out-of-bag accuracy ([0-9.]+).*", "$1").trim();
            assertEquals(Double.parseDouble(printedOob), metric(run, "oob_accuracy"), 1e-4);
            assertEquals(1, run.modelOutputs().size());
        }
    }

    @Test
    void annotatedProgramGetsItsOwnParamsAndMetricsAndSmilesInOneRun() throws Exception {
        String uri = "file:" + dir.resolve("mlruns");
        // with jmlflow-core on the application's class path, as a program using the annotations has it
        JavaProcess.Result r = AgentJvm.ok(traced(TrackedBlobsTraining.class, uri, true));
        assertTrue(r.stdout().contains("gradient boosting on blobs-2000: test accuracy"), r.stdout());
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = Runs.all(client, "smile-samples");
            assertEquals(1, runs.size(), "Smile's training logs into the annotated run, not a run of its own");
            Run run = runs.get(0);
            assertEquals("blobs-gradient-boosting", run.info().runName());
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("60", run.data().params().get("boosting_rounds"));
            assertEquals("60", run.data().params().get("ntrees"));
            String printed = r.stdout().replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1").trim();
            assertEquals(Double.parseDouble(printed), metric(run, "test_accuracy"), 1e-4);
            assertEquals(1, run.modelOutputs().size());
        }
    }
}
