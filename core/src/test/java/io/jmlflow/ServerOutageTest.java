package io.jmlflow;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.Spool;
import io.jmlflow.internal.SpoolSync;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server goes away in the middle of a run: nothing logged is lost, nothing is written twice. */
class ServerOutageTest {
    @TempDir
    Path dir;
    MlflowServer server;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Consumer<String> listener = log::add;

    @BeforeEach
    void setUp() {
        Mlflow.resetForTesting();
        Log.addListener(listener);
        server = MlflowServer.start(dir.resolve("server"), false);
        MlflowConfig.set("spool.dir", dir.resolve("spool").toString());
        MlflowConfig.set("spool.probe.ms", "200");
        MlflowConfig.set("http.request.max.retries", "1");
        MlflowConfig.set("http.request.backoff.factor", "0.1");
        MlflowConfig.set("http.request.timeout", "5");
        // Ending a run waits for its data (bounded); here long enough that every point is written before we look.
        MlflowConfig.set("flush.timeout.ms", "180000");
    }

    @AfterEach
    void tearDown() {
        Log.removeListener(listener);
        Mlflow.resetForTesting();
        server.close();
    }

    @Test
    void aServerStoppedMidRunGetsAll100000PointsOnceAfterItComesBack() throws Exception {
        Mlflow.setTrackingUri(server.uri());
        String runId;
        try (ActiveRun run = Mlflow.startRun("outage")) {
            runId = run.runId();
            Mlflow.logParam("points", 100_000);
            for (int i = 0; i < 100_000; i++) {
                if (i == 30_000) {
                    Mlflow.flush();
                    server.stop();
                }
                if (i == 80_000) {
                    Mlflow.flush(); // everything so far is either on the server or in the spool
                    server.restart();
                }
                Mlflow.logMetric("loss", 1.0 / (i + 1), i, 1_700_000_000_000L + i);
            }
        }
        String all = String.join("\n", log);
        assertTrue(all.contains("is unreachable") && all.contains("local spool"), all);

        // Automatic replay once the server answers; `sync` (what the agent's command runs) finishes the rest.
        Spool spool = new Spool(server.uri()); // spool.dir is set to dir/spool
        for (int i = 0; i < 300 && !spool.isEmpty(); i++) Thread.sleep(100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, sync(dir.resolve("spool"), out), out.toString());
        assertTrue(spool.isEmpty(), "spool still holds " + spool.pending());

        try (MlflowClient client = new MlflowClient(server.uri())) {
            List<Metric> history = client.getMetricHistory(runId, "loss");
            Set<Long> steps = new HashSet<>();
            for (Metric m : history) steps.add(m.step());
            assertEquals(100_000, steps.size(), "distinct steps on the server");
            assertEquals(100_000, history.size(), "each point exactly once");
            Run run = client.getRun(runId);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("100000", run.data().params().get("points"));
        }
    }

    @Test
    void aRunStartedWhileTheServerIsDownIsCreatedWithAllItsDataWhenItComesBack() throws Exception {
        server.stop();
        Mlflow.setTrackingUri(server.uri());
        Mlflow.setExperiment("offline-experiment");
        try (ActiveRun ignored = Mlflow.startRun("offline")) {
            Mlflow.logParam("lr", 0.1);
            for (int i = 0; i < 5_000; i++) Mlflow.logMetric("loss", 1.0 / (i + 1), i, 1_700_000_000_000L + i);
        }
        String all = String.join("\n", log);
        assertTrue(all.contains("is unreachable") && all.contains("local spool"), all);

        server.restart();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, sync(dir.resolve("spool"), out), out.toString());
        try (MlflowClient client = new MlflowClient(server.uri())) {
            String experimentId = client.getExperimentByName("offline-experiment").orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experimentId), null);
            assertEquals(1, runs.size(), out.toString());
            Run run = runs.get(0);
            assertEquals("offline", run.info().runName());
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals("0.1", run.data().params().get("lr"));
            assertEquals(5_000, client.getMetricHistory(run.runId(), "loss").size());
            assertEquals(System.getProperty("user.name"), run.data().tags().get("mlflow.user"));
        }
    }

    @Test
    void aRunStartedWhileTheServerIsDownReportsTheServersIdOnceTheServerCreatedIt() throws Exception {
        server.stop();
        Mlflow.setTrackingUri(server.uri());
        ActiveRun run = Mlflow.startRun("late");
        String startedAs = run.runId();
        run.logMetric("m", 1);
        Mlflow.flush(); // in the spool
        server.restart();
        for (int i = 0; i < 300 && run.runId().equals(startedAs); i++) Thread.sleep(100); // the probe replays
        String serverId = run.runId();
        run.close();
        try (MlflowClient client = new MlflowClient(server.uri())) {
            assertEquals("late", client.getRun(serverId).info().runName(), "the run's id is the server's now");
            assertEquals(1, client.getMetricHistory(serverId, "m").size());
        }
        String summary = log.stream().filter(l -> l.startsWith("run late (") && l.contains(" -> ")).findFirst()
                .orElseThrow();
        assertTrue(summary.startsWith("run late (" + serverId + ") FINISHED"), summary);
        assertFalse(summary.contains(startedAs), "not the id the run started with: " + summary);
    }

    @Test
    void aRunTheServerRefusesIsNotReportedFinished() {
        Mlflow.setTrackingUri(server.uri());
        String deleted;
        try (MlflowClient client = new MlflowClient(server.uri())) {
            deleted = client.createExperiment("gone");
            client.deleteExperiment(deleted);
        }
        try (ActiveRun run = Mlflow.startRun(RunOptions.named("refused").experimentId(deleted))) {
            run.logMetric("m", 1);
        }
        String summary = log.stream().filter(l -> l.startsWith("run refused (")).findFirst().orElseThrow();
        assertTrue(summary.contains("was not created in " + server.uri()), summary);
        assertFalse(summary.contains("FINISHED"), summary);
        assertTrue(log.stream().anyMatch(l -> l.contains("could not create a run in " + server.uri())), log.toString());
    }

    @Test
    void exitingWithDataStillPendingRespectsTheFlushBoundAndLosesNothing() throws Exception {
        Path spoolRoot = dir.resolve("exit-spool");
        JavaProcess.Result r = JavaProcess.main(ExitWithPendingDataProgram.class, "200000").workDir(dir)
                .env("MLFLOW_TRACKING_URI", server.uri()).env("MLFLOW_SPOOL_DIR", spoolRoot.toString())
                .env("MLFLOW_FLUSH_TIMEOUT_MS", "1000").run(120);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("DONE"), r.describe());
        String runId = r.stdout().lines().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow().substring(4);
        assertTrue(r.stderr().contains("within the flush bound of 1000 ms at exit") && r.stderr().contains("local spool"),
                r.describe());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MlflowConfig.set("spool.dir", spoolRoot.toString());
        assertEquals(0, sync(spoolRoot, out), out.toString());
        runId = serverId(spoolRoot, runId);
        try (MlflowClient client = new MlflowClient(server.uri())) {
            List<Metric> history = client.getMetricHistory(runId, "m");
            Set<Long> steps = new HashSet<>();
            for (Metric m : history) steps.add(m.step());
            assertEquals(200_000, steps.size(), "every point arrived in run " + runId + ": " + out);
            assertEquals(200_000, history.size(), "and only once");
            assertEquals(RunStatus.FINISHED, client.getRun(runId).info().status());
        }
    }

    /**
     * The server's id of the run a program printed: on a loaded machine the server may not create the run within
     * {@code run.create.timeout.ms}, so the program knows it by its own id, which the spool maps to the server's once
     * the run is created there (at a replay or at {@code sync}).
     */
    private static String serverId(Path spoolRoot, String printed) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(spoolRoot)) {
            List<Path> mapped = files.filter(f -> f.getFileName().toString().equals(printed)
                    && f.getParent() != null && f.getParent().getFileName().toString().equals("ids")).toList();
            return mapped.isEmpty() ? printed : java.nio.file.Files.readString(mapped.get(0)).trim();
        }
    }

    /**
     * What {@code java -jar mlflow-agent.jar sync} does, with the default request patience: the server may still be
     * working through earlier requests, and the short timeout these tests use to notice a stopped server would
     * make a slow but healthy answer look like an outage.
     */
    private static int sync(Path spoolRoot, ByteArrayOutputStream out) {
        MlflowConfig.set("http.request.timeout", "120");
        MlflowConfig.set("http.request.max.retries", "3");
        return SpoolSync.syncAll(spoolRoot, new PrintStream(out));
    }
}
