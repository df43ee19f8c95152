package io.jmlflow.internal.writer;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.store.TrackingStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge cases of the async writer against a store that only records log-batch calls. */
class BatchingLoggerTest {
    /** Records logBatch calls; optionally refuses params that conflict, or fails everything. */
    static final class RecordingStore implements TrackingStore {
        final List<int[]> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final List<Metric> metrics = Collections.synchronizedList(new ArrayList<>());
        final Map<String, String> params = Collections.synchronizedMap(new HashMap<>());
        volatile boolean failAll;
        volatile boolean runGone;
        volatile Error throwOnce;
        volatile long sleepMillis;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void logBatch(String runId, List<Metric> ms, List<Param> ps, List<Tag> ts) {
            calls.incrementAndGet();
            Error error = throwOnce;
            if (error != null) {
                throwOnce = null;
                throw error;
            }
            if (runGone) throw MlflowException.notFound("Run '" + runId + "'");
            if (failAll) throw new MlflowException(MlflowException.IO_ERROR, "disk full");
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (Param p : ps) {
                String old = params.get(p.key());
                if (old != null && !old.equals(p.value())) {
                    throw new MlflowException(MlflowException.INVALID_PARAMETER_VALUE, "param " + p.key() + " changed");
                }
            }
            batchSizes.add(new int[] {ms.size(), ps.size(), ts.size()});
            metrics.addAll(ms);
            for (Param p : ps) params.put(p.key(), p.value());
        }

        @Override public String uri() { return "memory:"; }
        @Override public String createExperiment(String n, String a, List<Tag> t) { throw new UnsupportedOperationException(); }
        @Override public Experiment getExperiment(String id) { throw new UnsupportedOperationException(); }
        @Override public Experiment getExperimentByName(String n) { throw new UnsupportedOperationException(); }
        @Override public Page<Experiment> searchExperiments(ViewType v, int m, String f, List<String> o, String p) { throw new UnsupportedOperationException(); }
        @Override public void deleteExperiment(String id) { throw new UnsupportedOperationException(); }
        @Override public void restoreExperiment(String id) { throw new UnsupportedOperationException(); }
        @Override public void renameExperiment(String id, String n) { throw new UnsupportedOperationException(); }
        @Override public void setExperimentTag(String id, Tag t) { throw new UnsupportedOperationException(); }
        @Override public Run createRun(String e, String u, long s, List<Tag> t, String n) { throw new UnsupportedOperationException(); }
        @Override public Run getRun(String id) { throw new UnsupportedOperationException(); }
        @Override public RunInfo updateRunInfo(String id, RunStatus s, Long e, String n) { throw new UnsupportedOperationException(); }
        @Override public void deleteRun(String id) { throw new UnsupportedOperationException(); }
        @Override public void restoreRun(String id) { throw new UnsupportedOperationException(); }
        @Override public Page<Run> searchRuns(List<String> e, String f, ViewType v, int m, List<String> o, String p) { throw new UnsupportedOperationException(); }
        @Override public List<Metric> getMetricHistory(String id, String k) { throw new UnsupportedOperationException(); }
        @Override public void deleteTag(String id, String k) { throw new UnsupportedOperationException(); }
        @Override public void logInputs(String id, List<DatasetInput> i) { throw new UnsupportedOperationException(); }
        @Override public LoggedModel createLoggedModel(String e, String n, String r, List<Tag> t, List<Param> p, String m) { throw new UnsupportedOperationException(); }
        @Override public LoggedModel getLoggedModel(String id) { throw new UnsupportedOperationException(); }
        @Override public LoggedModel finalizeLoggedModel(String id, LoggedModelStatus s) { throw new UnsupportedOperationException(); }
        @Override public void setLoggedModelTags(String id, List<Tag> t) { throw new UnsupportedOperationException(); }
        @Override public void logLoggedModelParams(String id, List<Param> p) { throw new UnsupportedOperationException(); }
        @Override public void logModelMetrics(String id, String r, List<Metric> m) { throw new UnsupportedOperationException(); }
        @Override public Page<LoggedModel> searchLoggedModels(List<String> e, String f, int m, String p) { throw new UnsupportedOperationException(); }
        @Override public void logOutputs(String id, List<String> m) { throw new UnsupportedOperationException(); }
    }

    @Test
    void keepsStepOrderAndRespectsBatchLimits() {
        RecordingStore store = new RecordingStore();
        try (BatchingLogger logger = new BatchingLogger(store, 1_000_000, 50)) {
            for (int i = 0; i < 5_000; i++) logger.logMetric("r1", new Metric("loss", i, i, i));
            for (int i = 0; i < 250; i++) logger.logParam("r1", new Param("p" + i, "v"));
            assertTrue(logger.flush(30_000));
        }
        assertEquals(5_000, store.metrics.size());
        for (int i = 0; i < 5_000; i++) assertEquals(i, store.metrics.get(i).step());
        for (int[] b : store.batchSizes) {
            assertTrue(b[0] <= 1000 && b[1] <= 100 && b[2] <= 100 && b[0] + b[1] + b[2] <= 1000,
                    "batch " + b[0] + "/" + b[1] + "/" + b[2]);
        }
        assertEquals(250, store.params.size());
    }

    @Test
    void aParamChangedWithinARunIsSkippedWithAWarningAndTheRestSurvives() throws Exception {
        RecordingStore store = new RecordingStore();
        List<String> warnings = io.jmlflow.testing.Warnings.during(() -> {
            try (BatchingLogger logger = new BatchingLogger(store, 1_000_000, 10)) {
                logger.logParam("r1", new Param("lr", "0.1"));
                logger.logParam("r1", new Param("lr", "0.2"));
                logger.logMetric("r1", new Metric("acc", 0.5, 1, 0));
                logger.flush(10_000);
            }
        });
        assertEquals("0.1", store.params.get("lr"));
        assertEquals(1, store.metrics.size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("param 'lr'") && w.contains("cannot change")), warnings.toString());
    }

    @Test
    void aConflictOnlyTheStoreKnowsDoesNotSinkTheBatch() {
        RecordingStore store = new RecordingStore();
        store.params.put("lr", "0.5"); // logged by an earlier process
        try (BatchingLogger logger = new BatchingLogger(store, 1_000_000, 10)) {
            logger.logParam("r1", new Param("lr", "0.1"));
            logger.logParam("r1", new Param("trees", "10"));
            logger.logMetric("r1", new Metric("acc", 0.5, 1, 0));
            logger.flush(10_000);
            assertEquals(1, logger.failedCount());
        }
        assertEquals("10", store.params.get("trees"));
        assertEquals("0.5", store.params.get("lr"));
        assertEquals(1, store.metrics.size());
    }

    @Test
    void aFailingStoreIsReportedOnceAndCounted() throws Exception {
        RecordingStore store = new RecordingStore();
        store.failAll = true;
        BatchingLogger logger = new BatchingLogger(store, 1_000_000, 10);
        List<String> warnings = io.jmlflow.testing.Warnings.during(() -> {
            for (int i = 0; i < 3000; i++) logger.logMetric("r1", new Metric("m", i, i, i));
            assertTrue(logger.flush(10_000));
        });
        assertEquals(3000, logger.failedCount());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("disk full"), warnings.get(0));
        assertEquals(Map.of("IO_ERROR", 3000L), logger.failuresByCause());
        logger.close();
    }

    @Test
    void aRunTheStoreDoesNotHaveIsParkedInTheSpoolWithoutARequestPerEntry(@org.junit.jupiter.api.io.TempDir
                                                                           java.nio.file.Path spool) {
        io.jmlflow.MlflowConfig.set("spool.dir", spool.toString());
        try {
            RecordingStore store = new RecordingStore();
            store.runGone = true;
            try (BatchingLogger logger = new BatchingLogger(store, 1_000_000, 10)) {
                for (int i = 0; i < 3000; i++) logger.logMetric("r1", new Metric("m", i, i, i));
                assertTrue(logger.flush(10_000));
                assertEquals(1, store.calls.get(), "requests for 3,000 entries");
                assertTrue(!logger.isSpoolEmpty(), "the entries wait in the spool");
            }
        } finally {
            io.jmlflow.MlflowConfig.set("spool.dir", null);
        }
    }

    @Test
    void oneBadEntryAmongAThousandCostsAFewRequestsNotAThousand() {
        RecordingStore store = new RecordingStore();
        store.params.put("lr", "0.5"); // logged by an earlier process
        try (BatchingLogger logger = new BatchingLogger(store, 1_000_000, 10_000)) {
            for (int i = 0; i < 999; i++) logger.logMetric("r1", new Metric("m", i, i, i));
            logger.logParam("r1", new Param("lr", "0.1"));
            assertTrue(logger.flush(10_000));
            assertEquals(1, logger.failedCount());
        }
        assertEquals(999, store.metrics.size());
        assertTrue(store.calls.get() <= 25, store.calls.get() + " requests");
    }

    @Test
    void theWriterSurvivesAnErrorAndSaysWhatItCouldNotWrite() throws Exception {
        RecordingStore store = new RecordingStore();
        store.throwOnce = new OutOfMemoryError("simulated");
        try (BatchingLogger logger = new BatchingLogger(store, 1_000_000, 10)) {
            List<String> lines = io.jmlflow.testing.Warnings.during(() -> {
                for (int i = 0; i < 10; i++) logger.logMetric("r1", new Metric("m", i, i, i));
                assertTrue(logger.flush(10_000));
            });
            assertEquals(10, logger.failedCount(), lines.toString());
            for (int i = 10; i < 20; i++) logger.logMetric("r1", new Metric("m", i, i, i));
            assertTrue(logger.flush(10_000), "the writer goes on");
        }
        assertEquals(10, store.metrics.size());
    }

    @Test
    void aFullBacklogSpillsItsOldestEntriesToTheSpoolInsteadOfBlockingAndSendsThemLater(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path spool) throws Exception {
        io.jmlflow.MlflowConfig.set("spool.dir", spool.toString());
        try {
            RecordingStore store = new RecordingStore();
            store.sleepMillis = 3_000; // the store takes nothing for a while
            BacklogBound bound = new BacklogBound(2_000, BacklogBound.MAX_BYTES, 1_000);
            try (BatchingLogger logger = new BatchingLogger(store, new TrackedRuns(), bound, 10, 100)) {
                long start = System.nanoTime();
                for (int i = 0; i < 10_000; i++) logger.logMetric("r1", new Metric("m", i, i, i));
                long millis = (System.nanoTime() - start) / 1_000_000;
                // waiting for the store would take its ten batches, 3 s each
                assertTrue(millis < 15_000, "the producer did not wait for the store: " + millis + " ms");
                assertTrue(logger.spooledCount() > 0, "the oldest entries went to the spool");
                store.sleepMillis = 0;
                assertTrue(logger.flush(30_000));
                for (int i = 0; i < 300 && store.metrics.size() < 10_000; i++) Thread.sleep(100);
            }
            java.util.Set<Long> steps = new java.util.HashSet<>();
            for (Metric m : store.metrics) steps.add(m.step());
            assertEquals(10_000, steps.size(), "every point reached the store, from the backlog or the spool");
        } finally {
            io.jmlflow.MlflowConfig.set("spool.dir", null);
        }
    }

    @Test
    void flushIsBoundedWhenTheStoreIsSlow() {
        RecordingStore store = new RecordingStore();
        store.sleepMillis = 3_000;
        BatchingLogger logger = new BatchingLogger(store, 1_000_000, 1);
        logger.logMetric("r1", new Metric("m", 1, 1, 0));
        long start = System.nanoTime();
        boolean done = logger.flush(100);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(false, done);
        assertTrue(tookMs < 2_500, "flush must give up at its bound, not wait for the store; took " + tookMs + " ms");
        assertTrue(logger.flush(10_000));
        assertEquals(1, store.metrics.size());
    }

    @Test
    void producersBlockInsteadOfDroppingWhenTheBufferIsFull() throws Exception {
        RecordingStore store = new RecordingStore();
        store.sleepMillis = 5;
        try (BatchingLogger logger = new BatchingLogger(store, 1000, 1)) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                String run = "run" + t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) logger.logMetric(run, new Metric("m", i, i, i));
                });
                threads[t].start();
            }
            for (Thread t : threads) t.join();
            assertTrue(logger.flush(60_000));
        }
        assertEquals(20_000, store.metrics.size());
    }
}
