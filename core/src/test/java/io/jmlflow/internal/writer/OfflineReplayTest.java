package io.jmlflow.internal.writer;

import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.entities.Metric;
import io.jmlflow.internal.Validation;
import io.jmlflow.internal.store.TrackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Something of a run is spooled while the writer's first attempt to create it waits for a server that accepts
 * connections and never answers (so the session is still online): the replay that asks for must not go to that
 * server once the attempt found it away, since a replay has the store's retries and timeouts (minutes each) and would
 * hold the writer, the run's end and the JVM's exit. The probe replays once the server answers.
 */
class OfflineReplayTest {
    @TempDir
    Path spool;

    @Test
    void aReplayAskedForWhileOnlineIsNotSentToAServerThatStoppedAnswering() throws Exception {
        MlflowConfig.set("spool.dir", spool.toString());
        CountDownLatch attempting = new CountDownLatch(1);
        CountDownLatch answerless = new CountDownLatch(1);
        AtomicInteger replayCalls = new AtomicInteger();
        TrackingStore blackHole = blackHole(attempting, answerless, replayCalls);
        BatchingLogger logger = new BatchingLogger(blackHole, new TrackedRuns(),
                new BacklogBound(1000, BacklogBound.MAX_BYTES, Validation.MAX_ENTITIES_PER_BATCH), 10, 1000);
        try {
            TrackedRun run = logger.createRun("k1", new TrackedRun.Creation("0", null, "u", 1, "r", List.of()));
            assertTrue(attempting.await(30, TimeUnit.SECONDS));
            // post-training work spools the model while the run is undecided (the session is online)
            logger.offline().logBatch(run, run.key(), List.of(new Metric("m", 1, 1, 0)), List.of(), List.of(), false);
            answerless.countDown(); // the first attempt's budget ran out
            assertTrue(run.awaitDecision(30_000));
            logger.logMetric(run.key(), new Metric("m", 2, 2, 1));
            assertTrue(logger.flush(30_000));
            awaitIdle(writerOf(logger));
            assertEquals(0, replayCalls.get(), "requests of a replay to the server that does not answer");
            assertTrue(logger.offline().isOffline());
        } finally {
            logger.close();
            MlflowConfig.set("spool.dir", null);
        }
    }

    /** Creating a run waits for {@code answerless}, then finds no answer; every other request finds none either. */
    private static TrackingStore blackHole(CountDownLatch attempting, CountDownLatch answerless,
                                          AtomicInteger replayCalls) {
        return (TrackingStore) Proxy.newProxyInstance(TrackingStore.class.getClassLoader(),
                new Class<?>[] {TrackingStore.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "uri": return "http://127.0.0.1:9";
                        case "withoutRetries": return proxy;
                        case "isRemote": return true;
                        case "isReachable": return false;
                        case "maxBatchEntries": return 1000;
                        case "writesBatchesWhole": return true;
                        case "close": return null;
                        case "toString": return "black hole";
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        case "createRun":
                            attempting.countDown();
                            answerless.await(30, TimeUnit.SECONDS);
                            throw new MlflowHttpException(MlflowException.IO_ERROR, "timeout", 0);
                        default:
                            replayCalls.incrementAndGet();
                            throw new MlflowHttpException(MlflowException.IO_ERROR, "timeout", 0);
                    }
                });
    }

    private static Thread writerOf(BatchingLogger logger) throws ReflectiveOperationException {
        java.lang.reflect.Field f = BatchingLogger.class.getDeclaredField("writer");
        f.setAccessible(true);
        return (Thread) f.get(logger);
    }

    /** Until the writer waits for work with nothing left to do (past any replay it was asked for). */
    private static void awaitIdle(Thread writer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread.State state = writer.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                for (StackTraceElement e : writer.getStackTrace()) {
                    if (e.getMethodName().equals("awaitSignal")) return; // not a linger: waits for new work
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the writer did not go idle: " + java.util.Arrays.toString(writer.getStackTrace()));
    }
}
