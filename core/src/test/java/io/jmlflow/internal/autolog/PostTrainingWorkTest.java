package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.RuntimeTestSupport;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Post-training work: off the training thread, in order, waited for by run end, flush and JVM exit. */
class PostTrainingWorkTest {
    @TempDir
    Path dir;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Consumer<String> listener = log::add;

    @BeforeEach
    void setUp() {
        RuntimeTestSupport.resetMlflow();
        AutologState.resetForTesting();
        Log.resetOnceForTesting();
        Log.addListener(listener);
        MlflowConfig.set("default.artifact.root", dir.resolve("mlruns").toString());
        Mlflow.setTrackingUri("sqlite:///" + dir.resolve("mlflow.db"));
    }

    @AfterEach
    void tearDown() {
        assertTrue(PostTrainingWork.awaitAll(30_000), "work left over: " + PostTrainingWork.pending());
        Log.removeListener(listener);
        AutologState.resetForTesting();
        RuntimeTestSupport.resetMlflow();
    }

    /** Releases {@code gate} a little later from another thread, so a missing wait would let the caller run ahead. */
    private static void releaseLater(CountDownLatch gate) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                // release anyway
            }
            gate.countDown();
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void workRunsOnTheWorkerThreadAfterSubmitReturns() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        PostTrainingWork.submit("run-a", "gated", () -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            thread.set(Thread.currentThread().getName());
            done.set(true);
        });
        assertFalse(done.get(), "submit returned only after the work ran");
        assertFalse(PostTrainingWork.awaitRun("run-a", 0));
        assertTrue(PostTrainingWork.pending().toString().contains("gated"), PostTrainingWork.pending().toString());
        gate.countDown();
        assertTrue(PostTrainingWork.awaitRun("run-a", 30_000));
        assertTrue(done.get());
        assertEquals(PostTrainingWork.THREAD_NAME, thread.get());
        assertTrue(PostTrainingWork.awaitRun("no-such-run", 0));
    }

    @Test
    void workRunsInSubmissionOrder() {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 50; i++) {
            int n = i;
            PostTrainingWork.submit(i % 2 == 0 ? "even" : "odd", () -> order.add(n));
        }
        assertTrue(PostTrainingWork.awaitAll(30_000));
        assertEquals(IntStream.range(0, 50).boxed().toList(), order);
    }

    @Test
    void endingTheRunWaitsForItsWork() throws Exception {
        ActiveRun run = Mlflow.startRun("ends-after-work");
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean endedWhileWorking = new AtomicBoolean(true);
        PostTrainingWork.submit(run.runId(), "late-param", () -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            run.logParam("late", "yes");
            endedWhileWorking.set(run.isEnded());
        });
        releaseLater(gate);
        run.end(RunStatus.FINISHED);
        assertFalse(endedWhileWorking.get(), "the run was ended before its post-training work finished");
        Run stored = Mlflow.client().getRun(run.runId());
        assertEquals(RunStatus.FINISHED, stored.info().status());
        assertEquals("yes", stored.data().params().get("late"));
    }

    @Test
    void flushWaitsForAllWork() {
        ActiveRun run = Mlflow.startRun("flushed");
        CountDownLatch gate = new CountDownLatch(1);
        PostTrainingWork.submit(run.runId(), "gated-metric", () -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            run.logMetric("after_training", 0.5);
        });
        releaseLater(gate);
        assertTrue(Mlflow.flush());
        // read through a second client: nothing of ours is in between
        try (MlflowClient other = new MlflowClient("sqlite:///" + dir.resolve("mlflow.db"))) {
            assertEquals(0.5, other.getRun(run.runId()).data().metric("after_training"));
        }
        run.end(RunStatus.FINISHED);
    }

    @Test
    void failingWorkIsWarnedByNameOnceAndTheNextWorkStillRuns() {
        AtomicBoolean next = new AtomicBoolean();
        for (int i = 0; i < 3; i++) {
            PostTrainingWork.submit("run-x", "broken-plot", () -> {
                throw new IllegalArgumentException("no data");
            });
        }
        PostTrainingWork.submit("run-x", () -> next.set(true));
        assertTrue(PostTrainingWork.awaitRun("run-x", 30_000));
        assertTrue(next.get());
        List<String> warnings = log.stream().filter(l -> l.contains("broken-plot")).toList();
        assertEquals(1, warnings.size(), log.toString());
        assertTrue(warnings.get(0).startsWith("WARNING:") && warnings.get(0).contains("no data")
                && warnings.get(0).contains("run-x"), warnings.get(0));
    }

    @Test
    void unnamedWorkIsNamedAfterTheClassThatWroteIt() {
        PostTrainingWork.submit("run-y", () -> {
            throw new IllegalStateException("boom");
        });
        assertTrue(PostTrainingWork.awaitRun("run-y", 30_000));
        assertTrue(log.stream().anyMatch(l -> l.contains(PostTrainingWorkTest.class.getName()) && l.contains("boom")),
                log.toString());
    }

    @Test
    void workThatEndsARunDoesNotWaitForWorkQueuedAfterIt() throws Exception {
        ActiveRun run = Mlflow.startRun("ended-before-later-work");
        java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        PostTrainingWork.submit(run.runId(), "end", () -> {
            try {
                queued.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            run.end(RunStatus.FINISHED);
            ended.set(true);
        });
        PostTrainingWork.submit(run.runId(), "later", () -> Mlflow.client().logMetric(run.runId(), "later", 2.0));
        queued.countDown();
        assertTrue(PostTrainingWork.awaitRun(run.runId(), 30_000));
        assertTrue(ended.get());
        assertTrue(log.stream().noneMatch(l -> l.contains("did not finish")), log.toString());
        Run stored = Mlflow.client().getRun(run.runId());
        assertEquals(RunStatus.FINISHED, stored.info().status());
        assertEquals(2.0, stored.data().metric("later"));
    }

    @Test
    void workThatFlushesAndEndsRunsDoesNotWaitForItself() {
        ActiveRun run = Mlflow.startRun("ended-by-work");
        AtomicBoolean flushedInside = new AtomicBoolean();
        AtomicBoolean awaitedInside = new AtomicBoolean();
        PostTrainingWork.submit(run.runId(), "self-waiting", () -> {
            run.logMetric("m", 1);
            flushedInside.set(Mlflow.flush());
            awaitedInside.set(PostTrainingWork.awaitRun(run.runId(), 60_000));
            run.end(RunStatus.FINISHED);
        });
        assertTrue(PostTrainingWork.awaitRun(run.runId(), 30_000));
        assertTrue(flushedInside.get(), "flush from the worker: nothing else pending, so true");
        assertTrue(awaitedInside.get(), "only the calling work was left");
        Run stored = Mlflow.client().getRun(run.runId());
        assertEquals(RunStatus.FINISHED, stored.info().status());
        assertEquals(1.0, stored.data().metric("m"));
    }

    @Test
    void endAfterFreesTheTrainingThreadAndEndsTheOwnedRunLater() throws Exception {
        AutologRun scope = AutologRun.begin("testlib", "first-fit");
        assertNotNull(scope);
        assertTrue(scope.owned());
        ActiveRun first = scope.run();
        CountDownLatch gate = new CountDownLatch(1);
        scope.endAfter(() -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            first.logParam("model_saved", "true");
        }, null);
        assertFalse(first.isEnded(), "the end waits for the post-training work");
        assertNull(Mlflow.activeRun(), "the training thread has no active run once training returned");
        AutologRun second = AutologRun.begin("testlib", "second-fit");
        assertNotNull(second);
        assertTrue(second.owned());
        assertNotSame(first, second.run());
        second.endAfter(null, new IllegalStateException("training failed"));
        gate.countDown();
        assertTrue(PostTrainingWork.awaitAll(30_000));
        MlflowClient client = Mlflow.client();
        Run one = client.getRun(first.runId());
        assertEquals(RunStatus.FINISHED, one.info().status());
        assertEquals("true", one.data().params().get("model_saved"));
        assertEquals("testlib", one.data().tags().get("mlflow.autologging"));
        assertEquals(RunStatus.FAILED, client.getRun(second.run().runId()).info().status());
    }

    @Test
    void endAfterInAUsersRunLeavesItOpen() {
        try (ActiveRun user = Mlflow.startRun("user-run")) {
            AutologRun scope = AutologRun.begin("testlib", "ignored");
            assertNotNull(scope);
            assertFalse(scope.owned());
            scope.endAfter(() -> user.logParam("from_work", 1), null);
            assertTrue(PostTrainingWork.awaitAll(30_000));
            assertFalse(user.isEnded());
            assertSame(user, Mlflow.activeRun());
        }
    }

    @Test
    void jvmExitWaitsForWorkWithinTheFlushBoundAndNamesWhatWasCutOff() {
        String uri = "sqlite:///" + dir.resolve("exit.db");
        // Quick enough: the exit hook waits and the slow param is recorded.
        JavaProcess.Result waited = JavaProcess.main(PostTrainingExitProgram.class, "300")
                .env("MLFLOW_TRACKING_URI", uri).env("MLFLOW_FLUSH_TIMEOUT_MS", "20000").workDir(dir).run(120);
        assertEquals(0, waited.exitCode(), waited.describe());
        // Too slow: the JVM still exits (bounded) and the warning names the work.
        JavaProcess.Result cut = JavaProcess.main(PostTrainingExitProgram.class, "600000")
                .env("MLFLOW_TRACKING_URI", uri).env("MLFLOW_FLUSH_TIMEOUT_MS", "4000").workDir(dir).run(120);
        assertEquals(0, cut.exitCode(), cut.describe());
        String output = cut.stdout() + cut.stderr();
        assertTrue(output.contains("slow-evaluation") && output.contains("did not finish"), cut.describe());
        assertFalse(output.contains("quick-work"), "finished work is not reported as cut off:\n" + cut.describe());

        try (MlflowClient client = new MlflowClient(uri)) {
            Run full = client.getRun(runId(waited));
            assertEquals("done", full.data().params().get("quick"));
            assertEquals("done", full.data().params().get("slow"));
            assertEquals(RunStatus.FINISHED, full.info().status());
            Run partial = client.getRun(runId(cut));
            assertEquals("done", partial.data().params().get("quick"));
            assertNull(partial.data().params().get("slow"));
            assertEquals(RunStatus.FINISHED, partial.info().status());
        }
    }

    private static String runId(JavaProcess.Result r) {
        return r.stdout().lines().filter(l -> l.startsWith("RUN ")).findFirst()
                .orElseThrow(() -> new AssertionError(r.describe())).substring(4).trim();
    }

    @Test
    void autologOptionTurnsOnSystemMetricsForAutologRuns() {
        AutologState.configure(AutologOptions.create().logSystemMetrics(true));
        MlflowConfig.set(io.jmlflow.internal.SystemMetricsMonitor.SAMPLING_INTERVAL, "30");
        AutologRun scope = AutologRun.begin("testlib", "monitored");
        assertNotNull(scope);
        assertTrue(io.jmlflow.internal.SystemMetricsMonitor.isMonitoring(scope.run().runId()));
        scope.end(null);
        assertFalse(io.jmlflow.internal.SystemMetricsMonitor.isMonitoring(scope.run().runId()));
        AutologState.configure(AutologOptions.create());
        AutologRun plain = AutologRun.begin("testlib", "plain");
        assertFalse(io.jmlflow.internal.SystemMetricsMonitor.isMonitoring(plain.run().runId()));
        plain.end(null);
    }
}
