package io.jmlflow.internal.writer;

import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.store.ForwardingStore;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.store.file.FileStore;
import io.jmlflow.testing.MetricPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jmlflow.internal.writer.ParallelBatchesTest.awaitWork;
import static io.jmlflow.internal.writer.ParallelBatchesTest.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exit spill and the batches in flight: a batch a writer took is neither copied nor cut short, even when the writer
 * has not started sending it, and a local store's write is not interrupted (its file channel would close and the
 * batch be lost).
 */
class ExitSpillInFlightTest {
    private static final int POINTS = 5_000;

    @Test
    void aBatchAWriterTookAndHasNotStartedSendingCountsAsInFlightAtExit() {
        Backlog b = new Backlog(new BacklogBound(1000, BacklogBound.MAX_BYTES, 2), 1000);
        for (int i = 1; i <= 3; i++) b.add(point("r", i));
        Backlog.Work taken = awaitWork(b); // this thread is a writer that took a batch and is not sending it yet
        Backlog.ExitTake exit = b.takeAllAtExit();
        assertEquals(List.of(point("r", 3)), exit.waiting(), "the waiting entries go to the spool");
        assertEquals(1, exit.inFlight().size(), "the batch taken is in flight: " + exit.inFlight());
        List<Entry> batch = exit.inFlight().keySet().iterator().next();
        assertSame(taken.batch(), batch);
        assertSame(Thread.currentThread(), exit.inFlight().get(batch), "the writer sending it");
        assertFalse(b.awaitFinished(batch, System.nanoTime()), "not finished yet");
        b.finished(taken);
        assertTrue(b.awaitFinished(batch, System.nanoTime()));
        assertTrue(b.takeAllAtExit().inFlight().isEmpty());
    }

    @Test
    void theFileStoresBatchInFlightAtExitIsWrittenAndTheRestSpooledEachPointOnce(@TempDir Path dir)
            throws Exception {
        MlflowConfig.set("spool.dir", dir.resolve("spool").toString());
        try {
            FileStore files = FileStore.open(dir.resolve("mlruns").toUri().toString());
            String experiment = files.createExperiment("exit-spill", null, List.of());
            String runId = files.createRun(experiment, "user", 1L, List.of(), "held").info().runId();
            HeldStore store = new HeldStore(files);
            int kept;
            try (BatchingLogger logger = new BatchingLogger(store, 1_000_000, 1)) {
                for (int i = 0; i < POINTS; i++) logger.logMetric(runId, "m", i, 1_700_000_000_000L + i, i);
                assertTrue(store.entered.await(60, TimeUnit.SECONDS), "the writer sends its first batch");
                AtomicInteger spooled = new AtomicInteger(-1);
                Thread exit = new Thread(() -> spooled.set(logger.spillToSpool(500)), "exit");
                exit.start();
                // the exit spill took what waits and now waits for the batch in flight
                while (exit.isAlive() && exit.getState() != Thread.State.TIMED_WAITING) Thread.sleep(1);
                store.release.countDown();
                exit.join(60_000);
                assertFalse(exit.isAlive(), "the exit spill returned");
                kept = spooled.get();
                // Nothing lost. More than POINTS when the writer, still running, already replayed some of what the
                // spill kept (about 1 time in 100): those are then written and gone from the spool, which the
                // each-step-once check after the last replay below confirms.
                assertTrue(store.written.get() + kept >= POINTS, "written " + store.written.get() + " + kept " + kept);
                assertEquals(0, logger.failedCount(), "nothing given up");
                assertFalse(store.interrupted.get(), "the local store's write was not interrupted");
                logger.offline().spool().replay(files);
            }
            MetricPoints.assertEachStepOnce(files.getMetricHistory(runId, "m"), POINTS, "file store");
        } finally {
            MlflowConfig.set("spool.dir", null);
        }
    }

    @Test
    void aFileStoreWriteThatFailsCountsEachOfItsEntriesAsNotWritten(@TempDir Path dir) {
        FileStore files = FileStore.open(dir.resolve("mlruns").toUri().toString());
        String experiment = files.createExperiment("failing-write", null, List.of());
        String runId = files.createRun(experiment, "user", 1L, List.of(), "failing").info().runId();
        ForwardingStore failing = new ForwardingStore() {
            @Override
            protected TrackingStore store() {
                return files;
            }

            @Override
            public String uri() {
                return files.uri();
            }

            @Override
            public void logBatch(String id, List<Metric> metrics, List<Param> params, List<Tag> tags) {
                throw new MlflowException(MlflowException.IO_ERROR, "MLflow file store: cannot log (interrupted)");
            }
        };
        try (BatchingLogger logger = new BatchingLogger(failing, 1_000_000, 10_000)) {
            for (int i = 0; i < 100; i++) logger.logMetric(runId, "m", i, 1L, i);
            assertTrue(logger.flush(30_000));
            assertEquals(100, logger.failedCount(), "a write that names nothing it refused wrote none of them");
        }
    }

    /** A local store whose first log-batch call waits for {@link #release} (an interrupt does not end the wait). */
    private static final class HeldStore extends ForwardingStore {
        private final TrackingStore files;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicInteger written = new AtomicInteger();
        private final AtomicBoolean first = new AtomicBoolean(true);

        HeldStore(TrackingStore files) {
            this.files = files;
        }

        @Override
        protected TrackingStore store() {
            return files;
        }

        @Override
        public String uri() {
            return files.uri();
        }

        @Override
        public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
            if (first.compareAndSet(true, false)) {
                entered.countDown();
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                }
                if (interrupted.get()) Thread.currentThread().interrupt(); // as a store in its write would see it
            }
            files.logBatch(runId, metrics, params, tags);
            written.addAndGet(metrics.size());
        }
    }
}
