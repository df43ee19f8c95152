package io.jmlflow.integrations.tribuo.e2e;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.AppClassPath;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tribuo in a class loader the agent cannot see (as in an application server) is recorded all the same. */
class TribuoIsolatedClassLoaderTest {
    @TempDir
    Path dir;

    @Test
    void trainingsInAnIsolatedClassLoaderAreRecorded() throws Exception {
        // the sample and Tribuo in the launcher's loader; the JVM's class path has the launcher only
        List<String> app = AppClassPath.libraries(getClass());
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess launcher = JavaProcess.main(IsolatedLauncher.class, String.join(File.pathSeparator, app))
                .classpath(AppClassPath.testClasses(getClass()).toString());
        JavaProcess.Result r = AgentJvm.traced(launcher, uri, null)
                .env("MLFLOW_EXPERIMENT_NAME", "isolated")
                .workDir(dir).run(180);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("sample-loader=isolated-app"), r.stdout());
        assertFalse(r.stderr().contains("WARNING"), r.stderr());

        try (MlflowClient client = new MlflowClient(uri)) {
            String experiment = client.getExperimentByName("isolated").orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experiment), "");
            assertEquals(4, runs.size());
            for (Run run : runs) {
                assertEquals("tribuo", run.data().tags().get("mlflow.autologging"));
                assertTrue(run.data().params().containsKey("dataset.num_examples"), run.data().params().toString());
                assertTrue(run.data().metrics().stream().map(io.jmlflow.entities.Metric::key).anyMatch(k -> k.startsWith("training_")));
                assertEquals(1, run.modelOutputs().size());
                Model<?> model = (Model<?>) client.loadModel("runs:/" + run.runId() + "/model");
                assertTrue(model.getProvenance().getInstanceProvenance().getMap().containsKey("mlflow-run-id"));
            }
            Run logistic = runs.stream().filter(x -> "LogisticRegressionTrainer".equals(x.data().tags().get("estimator_name")))
                    .findFirst().orElseThrow();
            assertEquals(3, client.getMetricHistory(logistic.runId(), "training_loss").size());
        }
    }
}
