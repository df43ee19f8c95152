package io.jmlflow.samples.smile6;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Smile 6 sample's smoke test: run as a user runs it, on JDK 25 under the same agent jar as Smile 3. What Smile 6
 * autologging logs is tested in {@code integrations/smile/e2e-smile6}.
 */
class Smile6SampleTest {
    @TempDir
    Path dir;

    @Test
    void thePlainSampleIsLoggedWithoutAnyMlflowCode() throws Exception {
        String jdk25 = System.getProperty("jdk25.home");
        assertTrue(jdk25 != null && Files.isExecutable(Paths.get(jdk25, "bin", "java")), "jdk25.home=" + jdk25);
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess program = AgentJvm.plain(Smile6SampleTest.class, "io.jmlflow.samples.smile6.BlobsRandomForest",
                "1200", "20").javaHome(jdk25);
        JavaProcess.Result r = AgentJvm.ok(AgentJvm.traced(program, uri, null));
        assertTrue(r.stdout().startsWith("random forest: 20 trees, out-of-bag accuracy "), r.stdout());
        try (MlflowClient client = new MlflowClient(uri)) {
            Run rf = Runs.named(Runs.all(client, "Default"), "RandomForest");
            assertEquals(RunStatus.FINISHED, rf.info().status());
            assertEquals("20", rf.data().params().get("trees"));
            assertEquals("12", rf.data().params().get("max_depth"));
            assertTrue(client.getMetricHistory(rf.runId(), "tree_oob_accuracy").isEmpty(), "no per-tree OOB curve");
            assertTrue(rf.data().metric("oob_accuracy") > 0.5, "the forest's own out-of-bag accuracy");
            assertEquals(1, rf.modelOutputs().size());
        }
    }
}
