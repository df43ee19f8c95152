package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's run rules inside the user's run, in a JVM started with the agent; the options all integrations share are
 * in {@link Dl4jBehaviorTest}.
 */
class Dl4jAutologOptionsTest {
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
