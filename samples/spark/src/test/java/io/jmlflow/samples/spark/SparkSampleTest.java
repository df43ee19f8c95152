package io.jmlflow.samples.spark;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples' smoke test: {@link ChurnPipeline} run as a user runs it (local[2], with the flags Spark needs on Java
 * 17), under the agent. What Spark autologging logs is tested in {@code integrations/spark/e2e}.
 */
class SparkSampleTest {
    @TempDir
    Path dir;

    @Test
    void thePipelineProgramIsOneFinishedRunWithItsModelAndEvaluation() {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess program = AgentJvm.plain(getClass(), ChurnPipeline.class.getName(), "400").workDir(dir);
        for (String flag : System.getProperty("spark.java17.opens", "").trim().split("\\s+")) program.jvmArg(flag);
        JavaProcess.Result r = AgentJvm.ok(AgentJvm.traced(program, uri, null));
        assertTrue(r.stdout().contains("areaUnderROC on held-out rows"), r.stdout());
        try (MlflowClient client = new MlflowClient(uri)) {
            List<Run> runs = client.searchRuns(List.of("0"), "");
            assertEquals(1, runs.size(), runs.toString());
            Run run = runs.get(0);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("spark", run.data().tags().get("mlflow.autologging"));
            assertNotNull(run.data().metric("eval_areaUnderROC"), run.data().metrics().toString());
            assertEquals(1, run.modelOutputs().size());
        }
    }
}
