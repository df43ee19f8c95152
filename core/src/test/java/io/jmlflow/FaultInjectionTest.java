package io.jmlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.SpoolSync;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of the tracking store seen from a real training JVM: a server (behind {@link FaultyProxy}) answering
 * garbage, truncated JSON or too late, and a store that becomes read-only. Each test checks that the program's
 * result and exit code are unaffected, that the user got a one-line warning and no stack trace, and that the
 * data on the real store is complete and written once (or, for a store that cannot be written, that what was
 * flushed before is intact).
 */
class FaultInjectionTest {
    private static final int POINTS = 20_000;

    @TempDir
    Path dir;
    FaultyProxy proxy;

    @AfterEach
    void tearDown() {
        if (proxy != null) proxy.close();
        MlflowConfig.set("http.request.timeout", null);
        MlflowConfig.set("http.request.max.retries", null);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({
            "runs/log-batch, HTML_NOT_FORWARDED, 1",
            "runs/log-batch, TRUNCATED_AFTER_FORWARDING, 1",
            "runs/log-batch, SLOW_AFTER_FORWARDING, 2",
            "runs/create, HTML_NOT_FORWARDED, 1",
            "runs/create, TRUNCATED_AFTER_FORWARDING, 1"})
    void aMisbehavingServerLosesNothingAndWritesEverythingOnce(String endpoint, FaultyProxy.Fault fault, int times)
            throws Exception {
        MlflowServer server = MlflowServer.shared();
        proxy = new FaultyProxy(server.uri()).fail(endpoint, fault, times).delayMillis(8000);
        String experiment = "fault-" + UUID.randomUUID();
        Path spool = dir.resolve("spool");

        JavaProcess.Result r = JavaProcess.main(FaultTrainingProgram.class, String.valueOf(POINTS)).workDir(dir)
                .env("MLFLOW_TRACKING_URI", proxy.uri()).env("MLFLOW_EXPERIMENT_NAME", experiment)
                .env("MLFLOW_SPOOL_DIR", spool.toString()).env("MLFLOW_SPOOL_PROBE_MS", "200")
                .env("MLFLOW_HTTP_REQUEST_TIMEOUT", "3").env("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1")
                .env("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.1").env("MLFLOW_FLUSH_TIMEOUT_MS", "60000")
                .run(180);

        assertProgramUnaffected(r, POINTS);
        // one attempt per request while training: a later fault of the plan may meet the replay instead
        assertTrue(proxy.faultsServed(endpoint) >= 1, "the fault happened: " + r.describe());
        assertTrue(r.stderr().contains("local spool"), "a warning says where the data went: " + r.describe());

        // What the agent's `sync` command does; the server may still be digesting the requests that timed out.
        MlflowConfig.set("http.request.timeout", "120");
        MlflowConfig.set("http.request.max.retries", "3");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, SpoolSync.syncAll(spool, new PrintStream(out)), out.toString());
        assertTrue(proxy.faultsServed(endpoint) <= times, out.toString());

        try (MlflowClient client = new MlflowClient(server.uri())) {
            String experimentId = client.getExperimentByName(experiment).orElseThrow().experimentId();
            List<Run> runs = client.searchRuns(List.of(experimentId), null);
            List<Run> withData = runs.stream().filter(x -> x.data().params().containsKey("points")).toList();
            assertEquals(1, withData.size(), "one run holds the data: " + runs);
            Run run = withData.get(0);
            assertEquals(RunStatus.FINISHED, run.info().status(), out.toString());
            assertEquals(String.valueOf(POINTS), run.data().params().get("points"));
            assertExactlyOnce(client.getMetricHistory(run.runId(), "loss"), POINTS);
            if (fault == FaultyProxy.Fault.TRUNCATED_AFTER_FORWARDING && endpoint.equals("runs/create")) {
                // The server made a run whose id the client never learned: it stays empty (and RUNNING).
                assertTrue(runs.size() <= 2, runs.toString());
                for (Run other : runs) {
                    if (other != run) assertTrue(client.getMetricHistory(other.runId(), "loss").isEmpty());
                }
            } else {
                assertEquals(1, runs.size(), "no run was created twice: " + runs);
            }
        }
    }

    @Test
    void aFileStoreThatCannotBeWrittenFromTheStartWarnsOnceAndTrainingGoesOn() throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        JavaProcess.Result r = withoutRootsWritePrivilege(JavaProcess.main(FaultTrainingProgram.class, "5000"))
                .workDir(dir).env("MLFLOW_TRACKING_URI", "file://" + readOnly.resolve("mlruns"))
                .env("MLFLOW_SPOOL_DIR", dir.resolve("spool").toString()).run(120);

        assertProgramUnaffected(r, 5000);
        assertTrue(r.stderr().contains("could not create a run") && r.stderr().contains("training goes on"),
                r.describe());
        assertFalse(Files.exists(readOnly.resolve("mlruns")), "nothing could be written, and the user was told");
    }

    @Test
    void aFileStoreTurningReadOnlyMidRunKeepsWhatWasWritten() throws Exception {
        Path mlruns = dir.resolve("mlruns");
        storeTurningReadOnly("file://" + mlruns, mlruns);
    }

    @Test
    void aSqliteDatabaseTurningReadOnlyMidRunKeepsWhatWasWritten() throws Exception {
        Path db = Files.createDirectories(dir.resolve("db")).resolve("mlflow.db");
        storeTurningReadOnly("sqlite:///" + db, db);
    }

    /** The program flushes 5,000 points, makes the store read-only, and logs 5,000 more. */
    private void storeTurningReadOnly(String uri, Path store) throws Exception {
        JavaProcess.Result r = withoutRootsWritePrivilege(JavaProcess.main(FaultTrainingProgram.class, "10000",
                "readonly-after", "5000", store.toString()))
                .workDir(dir).env("MLFLOW_TRACKING_URI", uri)
                .env("MLFLOW_SPOOL_DIR", dir.resolve("spool").toString()).run(180);

        assertProgramUnaffected(r, 10_000);
        assertTrue(r.stdout().contains("FLUSHED 5000"), r.describe());
        String runId = r.stdout().lines().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow().substring(4);
        assertTrue(r.stderr().contains("could not write") || r.stderr().contains("cannot write"),
                "the user is told that data was not written: " + r.describe());

        try (MlflowClient client = new MlflowClient(uri)) {
            List<Metric> history = client.getMetricHistory(runId, "loss");
            assertTrue(history.size() >= 5000 && history.size() <= 10_000, history.size() + " points");
            assertExactlyOnce(history, history.size());
            for (int i = 0; i < 5000; i++) {
                assertEquals(i, history.get(i).step());
                assertEquals(1.0 / (i + 1), history.get(i).value());
            }
            assertEquals("10000", client.getRun(runId).data().params().get("points"));
        }
        JsonNode py = PythonMlflow.json(uri, dir, String.join("\n",
                "import json",
                "from mlflow import MlflowClient",
                "c = MlflowClient()",
                "h = c.get_metric_history('" + runId + "', 'loss')",
                "print(json.dumps({'points': len(h), 'steps': len({m.step for m in h}),"
                        + " 'first': sorted(h, key=lambda m: m.step)[0].value}))"));
        assertTrue(py.get("points").asInt() >= 5000, py.toString());
        assertEquals(py.get("points").asInt(), py.get("steps").asInt(), "no point twice: " + py);
        assertEquals(1.0, py.get("first").asDouble());
    }

    /** Same result line as an undisturbed run, exit 0, warnings of one line each and no stack trace. */
    private static void assertProgramUnaffected(JavaProcess.Result r, int points) {
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().lines().anyMatch(FaultTrainingProgram.expectedResult(points)::equals), r.describe());
        assertTrue(r.stderr().contains("WARN"), "the user is warned: " + r.describe());
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception in thread"),
                "no stack trace reaches the user: " + r.describe());
        // every message is one line of the logger ("[thread] LEVEL logger - text"): none continues on the next
        assertTrue(r.stderr().lines().allMatch(l -> l.isBlank() || l.startsWith("[")),
                "one line per message: " + r.describe());
    }

    private static void assertExactlyOnce(List<Metric> history, int points) {
        Set<Long> steps = new HashSet<>();
        for (Metric m : history) steps.add(m.step());
        assertEquals(points, steps.size(), "every point arrived");
        assertEquals(points, history.size(), "and only once");
    }

    /**
     * File permissions do not stop root; as root, the child runs without the capabilities that override them
     * (through a {@code java} wrapper, since {@link JavaProcess} starts {@code <java.home>/bin/java}).
     */
    private JavaProcess withoutRootsWritePrivilege(JavaProcess p) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) return p;
        Path bin = Files.createDirectories(dir.resolve("unprivileged-jdk").resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexec setpriv --bounding-set=-dac_override,-dac_read_search -- '"
                + Paths.get(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p.javaHome(bin.getParent().toString());
    }
}
