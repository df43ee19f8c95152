package io.jmlflow.internal.store;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.RunOptions;
import io.jmlflow.RuntimeTestSupport;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Ids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's local store opens and creates autologging's runs in the background: the caller goes on at once, and
 * every later call that names such a run, from any thread, sees it.
 */
class DeferredStoreTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        RuntimeTestSupport.resetMlflow();
    }

    private String[] uris() {
        return new String[] {"sqlite:///" + dir.resolve("mlflow.db"), dir.resolve("mlruns").toUri().toString()};
    }

    @Test
    void callsNamingARunWaitUntilTheStoreOpenedAndCreatedIt() throws Exception {
        for (String uri : uris()) {
            CountDownLatch mayOpen = new CountDownLatch(1);
            DeferredStore store = DeferredStore.open(uri, u -> {
                try {
                    mayOpen.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return Stores.open(u);
            });
            String runId = Ids.runId();
            store.createRunInBackground(runId, () -> store.createRunWithId(runId, "0", "me", 1234L,
                    List.of(new Tag("k", "v")), "background"));
            assertTrue(store.describe().contains("opening"), uri);

            CompletableFuture<Void> logged = CompletableFuture.runAsync(() -> store.logBatch(runId,
                    List.of(new Metric("loss", 0.5, 1L, 0L)), List.of(), List.of()));
            CompletableFuture<Run> read = CompletableFuture.supplyAsync(() -> store.getRun(runId));
            Thread.sleep(100);
            assertFalse(logged.isDone() || read.isDone(), uri + ": nothing can be written before the store opens");
            mayOpen.countDown();
            logged.get(30, TimeUnit.SECONDS);
            Run run = read.get(30, TimeUnit.SECONDS);
            assertEquals(runId, run.info().runId(), uri);
            assertEquals("background", run.info().runName(), uri);
            assertEquals(1234L, run.info().startTime(), uri);
            assertEquals(0.5, store.getRun(runId).data().metric("loss"), uri);
            assertEquals(1, store.searchRuns(List.of("0"), "", ViewType.ACTIVE_ONLY, 10, List.of(), null)
                    .items().size(), uri);
            store.close();
        }
    }

    @Test
    void aRunThatCouldNotBeCreatedIsMissingInsteadOfHanging() {
        DeferredStore store = DeferredStore.open(uris()[0], Stores::open);
        String runId = Ids.runId();
        store.createRunInBackground(runId, () -> store.createRunWithId(runId, "4242", "me", 1L, List.of(), "r"));
        MlflowException e = assertThrows(MlflowException.class, () -> store.getRun(runId));
        assertEquals(MlflowException.RESOURCE_DOES_NOT_EXIST, e.errorCode());
        store.close();
    }

    @Test
    void autologgingStartsItsRunWithoutTheStoreAndTheRunEndsComplete() {
        for (String uri : uris()) {
            MlflowConfig.set(MlflowConfig.TRACKING_URI, uri);
            ActiveRun run = Mlflow.startRun(RunOptions.named("fit").autolog("demo"));
            run.logParam("alpha", 0.1).logMetric("loss", 0.25, 3);
            run.end(RunStatus.FINISHED);
            Run stored = Mlflow.client().getRun(run.runId());
            assertEquals(RunStatus.FINISHED, stored.info().status(), uri);
            assertEquals("fit", stored.info().runName(), uri);
            assertEquals("demo", stored.data().tags().get("mlflow.autologging"), uri);
            assertEquals("0.1", stored.data().params().get("alpha"), uri);
            assertEquals(0.25, stored.data().metric("loss"), uri);
            assertTrue(RuntimeTestSupport.storeOf(Mlflow.client()) instanceof DeferredStore, uri);
            RuntimeTestSupport.resetMlflow();
            try (MlflowClient client = new MlflowClient(uri)) {
                assertEquals(RunStatus.FINISHED, client.getRun(run.runId()).info().status(), uri + " after closing");
            }
        }
    }

    @Test
    void opensWhenACallFirstNeedsItOrAfterTheDelay() throws Exception {
        for (String uri : uris()) {
            DeferredStore lazy = DeferredStore.open(uri, Stores::open, 60_000);
            String runId = createdInBackground(lazy, "lazy");
            Thread.sleep(300);
            assertFalse(lazy.isOpen(), uri + ": nothing needed the store yet");
            assertEquals("lazy", lazy.getRun(runId).info().runName(), uri);
            assertTrue(lazy.isOpen(), uri);
            lazy.close();

            DeferredStore timed = DeferredStore.open(uri, Stores::open, 100);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!timed.isOpen() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(timed.isOpen(), uri + ": opens by itself after its delay");
            timed.close();
        }
    }

    /** An autologged training returned: its post-training work needs the store soon, so it starts opening now. */
    @Test
    void opensWhenATrainingReturnsWithoutAnyCallWaitingForIt() throws Exception {
        for (String uri : uris()) {
            DeferredStore store = DeferredStore.open(uri, Stores::open, 60_000);
            createdInBackground(store, "returned");
            Thread.sleep(300);
            assertFalse(store.isOpen(), uri + ": nothing needed the store yet");
            DeferredStore.openAllNow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!store.isOpen() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(store.isOpen(), uri + ": opened long before its 60 s delay");
            store.close();
        }
    }

    @Test
    void theWriterHoldsWhatARunLogsUntilTheStoreOpensAndAFlushOpensIt() throws Exception {
        for (String uri : uris()) {
            DeferredStore store = DeferredStore.open(uri, Stores::open, 60_000);
            String runId = createdInBackground(store, "held");
            io.jmlflow.internal.writer.BatchingLogger logger =
                    new io.jmlflow.internal.writer.BatchingLogger(store, 1_000_000, 20);
            logger.logMetric(runId, new Metric("loss", 0.5, 1L, 0L));
            Thread.sleep(400); // many linger periods
            assertFalse(store.isOpen(), uri + ": the writer does not open the store for a partial batch");
            assertEquals(1, logger.pendingCount(), uri);
            assertTrue(logger.flush(30_000), uri);
            assertTrue(store.isOpen(), uri);
            assertEquals(0.5, store.getRun(runId).data().metric("loss"), uri);
            logger.close();
            store.close();
        }
    }

    /** Hands {@code store} the creation of a new run named {@code name} in experiment 0; returns its id. */
    private static String createdInBackground(DeferredStore store, String name) {
        String runId = Ids.runId();
        store.createRunInBackground(runId, () -> store.createRunWithId(runId, "0", "me", 1L, List.of(), name));
        return runId;
    }
}
