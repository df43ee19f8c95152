package io.jmlflow.internal.store.rest;

import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.Metric;
import io.jmlflow.testing.MlflowServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A private server that is stopped and restarted: the fixture cleans up fully and the store rides it out. */
class RestServerFaultTest {
    @TempDir
    static Path dir;
    private static MlflowServer server;

    @BeforeAll
    static void start() {
        server = MlflowServer.start(dir, true);
    }

    @AfterAll
    static void stop() {
        server.stop();
        assertEquals(List.of(), server.leftoverPids(), "processes left behind by the server");
    }

    @Test
    void storeRetriesAcrossARestartAndNothingIsLeftBehind() throws Exception {
        // back-off 0, 1, 2, 4, ... 64 s over 8 retries gives a restart about two minutes
        RestStore store = RestStore.open(server.uri(), RestSettings.defaults().withRetries(8, 0.5, 0.2));
        String exp = store.createExperiment("fault", null, List.of());
        String run = store.createRun(exp, "u", 1, List.of(), "r").runId();
        store.logBatch(run, List.of(new Metric("m", 1.0, 1, 0)), List.of(), List.of());
        int port = server.port();
        List<Long> pidsBefore = server.leftoverPids();
        assertTrue(pidsBefore.size() >= 2, "server and uvicorn worker expected, got " + pidsBefore);

        server.stop();
        assertFalse(server.isRunning());
        assertEquals(List.of(), server.leftoverPids(), "stop() must end the whole process group");

        CompletableFuture<Experiment> during = CompletableFuture.supplyAsync(() -> {
            store.logBatch(run, List.of(new Metric("m", 2.0, 2, 1)), List.of(), List.of());
            return store.getExperiment(exp);
        });
        server.restart();
        assertEquals("fault", during.get(10, TimeUnit.MINUTES).name());

        assertEquals(port, server.port());
        assertEquals(2, store.getMetricHistory(run, "m").size(), "data from before the restart is kept");
    }
}
