package io.jmlflow.internal.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Spool;
import io.jmlflow.internal.session.SessionStore;
import io.jmlflow.internal.store.Stores;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose creation the server did not answer is spooled with its creation first, whatever the timing of the
 * threads spooling its data: Smile's post-training work logs the model on one thread while the common pool logs the
 * dataset and plots, and the JVM's exit interrupts the writer. A replay into the real server then creates the
 * experiment, the run and its model once, and delivers all of it.
 */
class SpoolCreationOrderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    private TrackingStore down;

    @BeforeEach
    void setUp() throws IOException {
        MlflowConfig.set("spool.dir", root.toString());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        down = Stores.open("http://127.0.0.1:" + closed); // never asked: the run is spooled already
    }

    @AfterEach
    void tearDown() {
        down.close();
        MlflowConfig.set("spool.dir", null);
    }

    @Test
    void anOperationOfAnotherThreadWaitsUntilTheRunsCreationIsInTheSpool() throws Exception {
        String experiment = "creation-order-" + UUID.randomUUID();
        CountDownLatch writingCreation = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OfflineSpool offline = new OfflineSpool(down);
        TrackedRuns runs = new TrackedRuns();
        // the thread that writes the run's creation is held in the middle of it (as a slow disk or a descheduled
        // thread on a loaded machine holds it), while another thread spools the run's model
        TrackedRun run = runs.creating("k" + UUID.randomUUID().toString().replace("-", ""), new TrackedRun.Creation(
                null, experiment, "tester", System.currentTimeMillis(), "forest",
                new HeldTags(List.of(new Tag("mlflow.runName", "forest")), "held-writer", writingCreation, release)));
        run.spooled("the server did not answer", false);
        SessionStore session = new SessionStore(down, runs, offline, 100);
        DatasetInput input = new DatasetInput(new Dataset("train", "d1", "code", "{}", "{}", "{}"),
                Map.of("mlflow.data.context", "train"));
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());

        Thread dataset = thread("held-writer", failures, () -> session.logInputs(run.key(), List.of(input)));
        dataset.start();
        assertTrue(writingCreation.await(30, TimeUnit.SECONDS), "the creation is being written");
        LoggedModel[] model = new LoggedModel[1];
        Thread modelThread = thread("model", failures, () -> {
            model[0] = session.createLoggedModel(null, "model", run.key(), List.of(), List.of(new Param("a", "1")),
                    null);
            session.finalizeLoggedModel(model[0].modelId(), io.jmlflow.entities.LoggedModelStatus.READY);
            session.logBatch(run.key(), List.of(new Metric("acc", 0.9, 1, 0)), List.of(new Param("ntrees", "3")),
                    List.of());
        });
        modelThread.start();
        waitUntilDoneOrBlocked(modelThread);
        release.countDown();
        dataset.join(30_000);
        modelThread.join(30_000);
        assertEquals(List.of(), failures);

        List<String> ops = new ArrayList<>();
        for (Path f : offline.spool().pending()) ops.add(JSON.readTree(f.toFile()).path("op").asText("log_batch"));
        assertEquals("create_run", ops.get(0), "the run's creation comes before anything naming the run: " + ops);
        assertEquals(1, ops.stream().filter("create_run"::equals).count(), ops.toString());
        assertTrue(ops.indexOf("create_logged_model") < ops.indexOf("finalize_logged_model"), ops.toString());

        MlflowServer server = MlflowServer.shared();
        try (TrackingStore target = Stores.open(server.uri()); MlflowClient client = new MlflowClient(server.uri())) {
            Spool.ReplayResult r = offline.spool().replay(target);
            assertEquals(0, r.remaining(), String.valueOf(r));
            assertFalse(Files.isDirectory(offline.spool().dir().resolve("failed")), "nothing was refused");
            assertEquals(0, offline.spool().replay(target).batches(), "a second replay has nothing to do");

            List<Run> created = Runs.all(client, experiment);
            assertEquals(1, created.size(), "the run, once: " + created);
            Run back = created.get(0);
            assertEquals("3", back.data().params().get("ntrees"));
            assertEquals(0.9, back.data().metric("acc").doubleValue());
            assertEquals(1, back.datasetInputs().size(), back.toString());
            LoggedModel delivered = client.getLoggedModel(offline.spool().mappedId(model[0].modelId()));
            assertEquals(back.runId(), delivered.sourceRunId());
            assertEquals(io.jmlflow.entities.LoggedModelStatus.READY, delivered.status());
        }
    }

    @Test
    void anInterruptDuringTheCreationsWriteDoesNotLoseIt() throws Exception {
        OfflineSpool offline = new OfflineSpool(down);
        TrackedRun run = spooledRun(new TrackedRuns());
        Thread.currentThread().interrupt(); // the exit wakes the writer thread from a retry's back-off
        try {
            offline.logBatch(run, run.key(), List.of(new Metric("m", 1, 1, 0)), List.of(), List.of(), false);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the writer to see");
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("create_run", "log_batch"), ops(offline));
    }

    @Test
    void aCreationThatCouldNotBeWrittenIsWrittenWithTheNextOperation() throws Exception {
        OfflineSpool offline = new OfflineSpool(down);
        TrackedRun run = spooledRun(new TrackedRuns());
        Path folder = offline.spool().dir();
        Files.createDirectories(folder.getParent());
        Files.writeString(folder, "in the way"); // the spool's folder cannot be made (a full disk, say)
        assertThrows(IOException.class, () -> offline.logBatch(run, run.key(), List.of(new Metric("m", 1, 1, 0)),
                List.of(), List.of(), false));
        Files.delete(folder);
        offline.endRun(run, run.key(), RunStatus.FINISHED, 2);
        assertEquals(List.of("create_run", "update_run"), ops(offline));
        assertNull(offline.spool().mappedId(run.key()));
    }

    private static TrackedRun spooledRun(TrackedRuns runs) {
        TrackedRun run = runs.creating("k" + UUID.randomUUID().toString().replace("-", ""), new TrackedRun.Creation(
                "0", null, "tester", 1, "r", List.of()));
        run.spooled("the server did not answer", false);
        return run;
    }

    private static List<String> ops(OfflineSpool offline) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : offline.spool().pending()) out.add(JSON.readTree(f.toFile()).path("op").asText("log_batch"));
        return out;
    }

    private static Thread thread(String name, List<Throwable> failures, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Until {@code t} finished or waits for a lock (it is not known which: both are outcomes the test checks). */
    private static void waitUntilDoneOrBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.isAlive() && t.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Tags whose iteration by the thread named {@code heldThread} stops until released. */
    private static final class HeldTags extends AbstractList<Tag> {
        private final List<Tag> tags;
        private final String heldThread;
        private final CountDownLatch entered;
        private final CountDownLatch release;

        HeldTags(List<Tag> tags, String heldThread, CountDownLatch entered, CountDownLatch release) {
            this.tags = tags;
            this.heldThread = heldThread;
            this.entered = entered;
            this.release = release;
        }

        @Override
        public Tag get(int i) {
            return tags.get(i);
        }

        @Override
        public int size() {
            return tags.size();
        }

        @Override
        public Iterator<Tag> iterator() {
            if (Thread.currentThread().getName().equals(heldThread) && entered.getCount() > 0) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return tags.iterator();
        }
    }
}
