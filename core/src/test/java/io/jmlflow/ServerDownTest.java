package io.jmlflow;

import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Spool;
import io.jmlflow.internal.SpoolSync;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program with the fluent API against a tracking server that is down, with the retries and timeouts a user has by
 * default (MLflow's: 7 retries with back-off, about four minutes in all, and 120 s per request): a closed port, and a
 * port that accepts connections but never answers. Setting the experiment, starting and ending the run wait at most
 * the first-attempt budget; the run, its points and its model reach the spool, and {@code sync} delivers them.
 */
class ServerDownTest {
    /** Far under MLflow's retries (about 240 s), far over the first-attempt budget (2 s) and a JVM's start. */
    private static final long DID_NOT_WAIT_THROUGH_RETRIES_MS = 30_000;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        Mlflow.resetForTesting();
    }

    @Test
    void aClosedPortCostsTheProgramNoWaitAndSyncDeliversTheRunWithItsModelOnce() throws Exception {
        MlflowServer server = MlflowServer.start(dir.resolve("server"), true);
        try {
            server.stop(); // the port is closed now
            Path spool = dir.resolve("spool");
            JavaProcess.Result r = JavaProcess.main(OfflineProgram.class, "while-down", "3000").workDir(dir)
                    .env("MLFLOW_TRACKING_URI", server.uri()).env("MLFLOW_SPOOL_DIR", spool.toString()).run(300);
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(waited(r) < DID_NOT_WAIT_THROUGH_RETRIES_MS, "waited " + waited(r) + " ms: " + r.describe());
            assertTrue(r.stderr().contains("is unreachable") && r.stderr().contains("local spool"), r.describe());
            assertFalse(r.stderr().contains("Exception in thread") || r.stderr().contains("\tat "), r.describe());

            server.restart();
            MlflowConfig.set(MlflowConfig.TRACKING_URI, server.uri());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, SpoolSync.syncCurrent(spool, new PrintStream(out)), out.toString());
            assertEquals(0, SpoolSync.syncCurrent(spool, new PrintStream(out)), "a second sync has nothing to do: "
                    + out);
            assertDelivered(server.uri(), "while-down", 3000);
        } finally {
            server.close();
        }
    }

    @Test
    void aPortThatNeverAnswersCostsTheProgramOnlyTheFirstAttemptBudget() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String uri = "http://127.0.0.1:" + blackHole.getLocalPort(); // connections are accepted, never answered
            Path spool = dir.resolve("spool");
            long start = System.nanoTime();
            JavaProcess.Result r = JavaProcess.main(OfflineProgram.class, "never-answered", "3000").workDir(dir)
                    .env("MLFLOW_TRACKING_URI", uri).env("MLFLOW_SPOOL_DIR", spool.toString()).run(300);
            long processMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(waited(r) < DID_NOT_WAIT_THROUGH_RETRIES_MS, "waited " + waited(r) + " ms: " + r.describe());
            assertTrue(processMillis < 2 * DID_NOT_WAIT_THROUGH_RETRIES_MS, "the JVM took " + processMillis + " ms");
            assertTrue(r.stderr().contains("local spool"), r.describe());
            MlflowConfig.set("spool.dir", spool.toString());
            assertFalse(new Spool(uri).isEmpty(), "the run waits in the spool: " + r.describe());
        }
    }

    /** What the program waited for in all: setting the experiment, starting, logging and ending the run. */
    private static long waited(JavaProcess.Result r) {
        long sum = 0;
        for (String key : List.of("SET_EXPERIMENT_MS", "START_RUN_MS", "LOG_MS", "END_MS")) {
            String line = r.stdout().lines().filter(l -> l.startsWith(key + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + key + ": " + r.describe()));
            sum += Long.parseLong(line.substring(key.length() + 1));
        }
        return sum;
    }

    static void assertDelivered(String uri, String experiment, int points) {
        try (MlflowClient client = new MlflowClient(uri)) {
            String experimentId = client.getExperimentByName(experiment).orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experimentId), null);
            assertEquals(1, runs.size(), "one run: " + runs);
            Run run = runs.get(0);
            assertEquals("offline-run", run.info().runName());
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals(String.valueOf(points), run.data().params().get("points"));
            assertEquals(points, client.getMetricHistory(run.runId(), "loss").size(), "each point once");
            assertEquals(1, run.modelOutputs().size(), "the model is an output of the run");
            LoggedModel model = client.getLoggedModel(run.modelOutputs().get(0));
            assertEquals(LoggedModelStatus.READY, model.status());
            assertEquals(run.runId(), model.sourceRunId());
            OfflineProgram.Model loaded = (OfflineProgram.Model) client.loadModel("models:/" + model.modelId());
            assertEquals(0.5, loaded.slope());
        }
    }
}
