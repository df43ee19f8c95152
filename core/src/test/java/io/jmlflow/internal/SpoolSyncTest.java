package io.jmlflow.internal;

import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.RuntimeTestSupport;
import io.jmlflow.entities.Metric;
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
 * {@code sync} replays the configured store's folder, {@code sync --all} every folder; a server that does not answer
 * costs one short probe (not MLflow's four minutes of retries, which stay the defaults here), and the others go on.
 */
class SpoolSyncTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        RuntimeTestSupport.resetMlflow();
    }

    @Test
    void syncReplaysTheConfiguredStoreAndSyncAllSkipsADeadServerAfterOneProbe() throws Exception {
        Path root = dir.resolve("spool");
        MlflowConfig.set("spool.dir", root.toString());
        String sqlite = "sqlite:///" + dir.resolve("mlflow.db");
        String runId;
        try (MlflowClient client = new MlflowClient(sqlite)) {
            runId = client.createRun("0").runId();
        }
        new SpoolOps(new Spool(sqlite)).logBatch(runId, List.of(new Metric("m", 1, 1, 0)), List.of(), List.of());
        String closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + s.getLocalPort();
        }
        new SpoolOps(new Spool(closed)).logBatch("0123456789abcdef0123456789abcdef",
                List.of(new Metric("m", 1, 1, 0)), List.of(), List.of());

        MlflowConfig.set(MlflowConfig.TRACKING_URI, closed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        assertEquals(1, SpoolSync.syncCurrent(root, new PrintStream(out)), out.toString());
        assertTrue(out.toString().contains("does not answer (one probe)"), out.toString());
        assertTrue(out.toString().contains("1 other store has spooled data: `sync --all` replays it"), out.toString());
        assertFalse(new Spool(sqlite).isEmpty(), "sync replays only the configured store's folder");

        out.reset();
        assertEquals(1, SpoolSync.syncAll(root, new PrintStream(out)), out.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 30_000, "a dead server costs one probe, not MLflow's retries: " + millis + " ms");
        assertTrue(new Spool(sqlite).isEmpty(), out.toString());
        assertFalse(new Spool(closed).isEmpty(), out.toString());
        try (MlflowClient client = new MlflowClient(sqlite)) {
            assertEquals(1, client.getMetricHistory(runId, "m").size());
        }
    }
}
