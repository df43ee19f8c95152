package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain Smile program under the agent while its tracking server is down, with the retries and timeouts a user has
 * by default (MLflow's: 7 retries, about four minutes, 120 s per request): the fit does not wait for the server, and
 * once the server is back {@code java -jar mlflow-agent.jar sync} delivers the run, its metrics and its READY model,
 * once. The fit's time is printed next to the same program's without the agent (the benchmark measures overhead;
 * here the bound only proves that no retry was waited through).
 */
class SmileServerDownTest {
    /** Far under MLflow's default retries (about 240 s). */
    private static final double DID_NOT_WAIT_THROUGH_RETRIES_MS = 30_000;

    @TempDir
    Path dir;

    @Test
    void aFitWithTheServerDownDoesNotWaitAndSyncDeliversTheRunAndItsModelOnce() throws Exception {
        MlflowServer server = MlflowServer.start(dir.resolve("server"), true);
        try {
            server.stop(); // a closed port
            Path spool = dir.resolve("spool");
            double plain = fitMillis(SmileJvm.ok(SmileJvm.plain(TimedForestProgram.class).workDir(dir)));
            JavaProcess.Result traced = SmileJvm.ok(SmileJvm.traced(TimedForestProgram.class, server.uri()).workDir(dir)
                    .env("MLFLOW_SPOOL_DIR", spool.toString()).env("MLFLOW_EXPERIMENT_NAME", "smile-offline"));
            double fit = fitMillis(traced);
            System.out.printf("Smile fit with the server down: %.0f ms under the agent, %.0f ms without%n", fit, plain);
            assertTrue(fit < DID_NOT_WAIT_THROUGH_RETRIES_MS, fit + " ms: " + traced.describe());
            assertTrue(traced.stderr().contains("is unreachable") && traced.stderr().contains("local spool"),
                    traced.describe());
            assertTrue(traced.stderr().contains("until " + server.uri() + " answers"), "the summary line: "
                    + traced.describe());

            server.restart();
            JavaProcess.Result sync = JavaProcess.jar(AgentJvm.agentJar(), "sync").workDir(dir)
                    .env("MLFLOW_TRACKING_URI", server.uri()).env("MLFLOW_SPOOL_DIR", spool.toString()).run(300);
            assertEquals(0, sync.exitCode(), sync.describe());
            JavaProcess.Result again = JavaProcess.jar(AgentJvm.agentJar(), "sync").workDir(dir)
                    .env("MLFLOW_TRACKING_URI", server.uri()).env("MLFLOW_SPOOL_DIR", spool.toString()).run(300);
            assertTrue(again.stdout().contains("nothing to replay"), again.describe());

            try (MlflowClient client = new MlflowClient(server.uri())) {
                assertTrue(client.getExperimentByName("smile-offline").isPresent(),
                        "the experiment, created at the replay:\n" + traced.describe() + "\n" + sync.describe());
                List<Run> runs = Runs.all(client, "smile-offline"); // created by name at the replay
                assertEquals(1, runs.size(), "the run, once: " + runs + "\n" + sync.describe());
                Run run = runs.get(0);
                assertEquals(RunStatus.FINISHED, run.info().status());
                assertEquals("smile", run.data().tags().get("mlflow.autologging"));
                assertEquals("37", run.data().params().get("ntrees"));
                assertTrue(run.data().metric("oob_accuracy") > 0.5, run.data().metrics().toString());
                java.util.regex.Matcher logged = java.util.regex.Pattern.compile("(\\d+) metric points")
                        .matcher(traced.stderr());
                assertTrue(logged.find(), traced.describe());
                int stored = 0;
                for (io.jmlflow.entities.Metric latest : run.data().metrics()) {
                    stored += client.getMetricHistory(run.runId(), latest.key()).size();
                }
                assertEquals(Integer.parseInt(logged.group(1)), stored, "each point the summary counted, once");
                assertEquals(1, run.modelOutputs().size(), run.toString());
                LoggedModel model = client.getLoggedModel(run.modelOutputs().get(0));
                assertEquals(LoggedModelStatus.READY, model.status());
                assertEquals(run.runId(), model.sourceRunId());
                smile.classification.RandomForest back = (smile.classification.RandomForest) client.loadModel(
                        "models:/" + model.modelId());
                assertEquals(37, back.size());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aFitAgainstAPortThatNeverAnswersDoesNotWaitEither() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String uri = "http://127.0.0.1:" + blackHole.getLocalPort(); // accepts connections, never answers
            Path spool = dir.resolve("spool");
            double plain = fitMillis(SmileJvm.ok(SmileJvm.plain(TimedForestProgram.class).workDir(dir)));
            long start = System.nanoTime();
            JavaProcess.Result traced = SmileJvm.ok(SmileJvm.traced(TimedForestProgram.class, uri).workDir(dir)
                    .env("MLFLOW_SPOOL_DIR", spool.toString()));
            long processMillis = (System.nanoTime() - start) / 1_000_000;
            double fit = fitMillis(traced);
            System.out.printf("Smile fit with a server that never answers: %.0f ms under the agent, %.0f ms without;"
                    + " the JVM took %d ms%n", fit, plain, processMillis);
            assertTrue(fit < DID_NOT_WAIT_THROUGH_RETRIES_MS, fit + " ms: " + traced.describe());
            assertTrue(processMillis < 2 * DID_NOT_WAIT_THROUGH_RETRIES_MS,
                    processMillis + " ms: " + traced.describe());
            assertTrue(traced.stderr().contains("local spool"), traced.describe());
            assertFalse(traced.stderr().contains("Exception in thread"), traced.describe());
            try (var folders = Files.list(spool)) {
                assertTrue(folders.findAny().isPresent(), "the run waits in the spool: " + traced.describe());
            }
        }
    }

    private static double fitMillis(JavaProcess.Result r) {
        String line = r.stdout().lines().filter(l -> l.startsWith("FIT_MS ")).findFirst()
                .orElseThrow(() -> new AssertionError("no FIT_MS: " + r.describe()));
        return Double.parseDouble(line.substring("FIT_MS ".length()));
    }
}
