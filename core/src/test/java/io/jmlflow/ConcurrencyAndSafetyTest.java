package io.jmlflow;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.internal.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many training threads at once, and artifact paths that try to leave the run. */
class ConcurrencyAndSafetyTest {
    @TempDir
    Path dir;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Consumer<String> listener = log::add;

    @BeforeEach
    void setUp() {
        Mlflow.resetForTesting();
        Log.resetOnceForTesting();
        Log.addListener(listener);
        MlflowConfig.set("default.artifact.root", dir.resolve("mlruns").toString());
    }

    @AfterEach
    void tearDown() {
        Log.removeListener(listener);
        Mlflow.resetForTesting();
    }

    private String uri(String kind) {
        return kind.equals("file") ? "file://" + dir.resolve("mlruns") : "sqlite:///" + dir.resolve("mlflow.db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void sixteenThreadsLogIntoTheirOwnRunsWithNothingCrossingOver(String kind) throws Exception {
        Mlflow.setTrackingUri(uri(kind));
        int threads = 16;
        int points = 2_000;
        ConcurrentHashMap<Integer, String> runIds = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    try (ActiveRun run = Mlflow.startRun("worker-" + id)) {
                        runIds.put(id, run.runId());
                        Mlflow.logParam("worker", id);
                        for (int i = 0; i < points; i++) Mlflow.logMetric("value", id * 1_000_000 + i, i);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) w.join();
        assertEquals(List.of(), errors);
        assertEquals(threads, runIds.size());
        MlflowClient client = Mlflow.client();
        for (int t = 0; t < threads; t++) {
            Run run = client.getRun(runIds.get(t));
            assertEquals(String.valueOf(t), run.data().params().get("worker"));
            assertEquals("worker-" + t, run.info().runName());
            List<Metric> history = client.getMetricHistory(run.runId(), "value");
            assertEquals(points, history.size(), "run of worker " + t);
            for (int i = 0; i < points; i++) {
                assertEquals(t * 1_000_000 + i, history.get(i).value(), "worker " + t + " step " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void artifactPathsThatLeaveTheRunAreRefused(String kind) throws Exception {
        Mlflow.setTrackingUri(uri(kind));
        Path secret = Files.writeString(dir.resolve("payload.txt"), "x");
        String runId;
        try (ActiveRun run = Mlflow.startRun("escape")) {
            runId = run.runId();
            Mlflow.logArtifact(secret, "../../..");
            Mlflow.logArtifact(secret, "/tmp");
            Mlflow.logText("nope", "../outside.txt");
            Mlflow.logArtifact(secret, "ok");
        }
        assertTrue(log.stream().filter(l -> l.contains("would escape the artifact root")
                || l.contains("must be relative")).count() >= 3, log.toString());
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> payloads = files.filter(p -> p.getFileName().toString().equals("payload.txt")
                    || p.getFileName().toString().equals("outside.txt")).toList();
            assertEquals(2, payloads.size(), "the source file and the one legal copy only: " + payloads);
        }
        assertFalse(Files.exists(Path.of("/tmp/payload.txt")) && Files.readString(Path.of("/tmp/payload.txt")).equals("x")
                && Files.getLastModifiedTime(Path.of("/tmp/payload.txt")).toMillis() > System.currentTimeMillis() - 60_000);
        assertEquals(List.of("ok"), Mlflow.client().listArtifacts(runId, null).stream().map(f -> f.path()).toList());
    }
}
