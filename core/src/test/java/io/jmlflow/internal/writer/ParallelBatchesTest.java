package io.jmlflow.internal.writer;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.writer.BatchingLoggerTest.RecordingStore;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several batches at once to a tracking server ({@code async.parallel.requests}): a run's metric points travel in
 * parallel, its tags, params and end alone and in order, and the batches in flight count in the memory bound.
 */
class ParallelBatchesTest {
    @Test
    void aTrackingServerGetsSeveralBatchesAtOnceEachPointOnceAndTheTagsInOrder() {
        RecordingStore store = logPhases(true, 20);
        assertEquals(List.of("0", "1", "2", "3"), store.tagValues, "the tag's values in the order they were set");
        assertFalse(store.tagOverlapped, "a tag goes with nothing else of its run in flight");
        assertTrue(store.maxInFlight >= 2 && store.maxInFlight <= BatchingLogger.DEFAULT_PARALLEL_REQUESTS,
                "requests at once: " + store.maxInFlight);
    }

    @Test
    void aLocalStoreGetsOneBatchAtATime() {
        RecordingStore store = logPhases(false, 5);
        assertEquals(1, store.maxInFlight);
    }

    /**
     * 20,000 points of one run (10 keys) and a tag set anew every 5,000, to a store that takes {@code requestMillis} a
     * request; checks that each point arrived once.
     */
    private static RecordingStore logPhases(boolean remote, long requestMillis) {
        RecordingStore store = new RecordingStore();
        store.remote = remote;
        store.sleepMillis = requestMillis;
        BatchingLogger logger = new BatchingLogger(store, 1_000_000, 50);
        try {
            for (int i = 0; i < 20_000; i++) {
                if (i % 5_000 == 0) logger.setTag("run-1", "phase", Integer.toString(i / 5_000));
                logger.logMetric("run-1", "m" + (i % 10), i, 1L, i / 10);
            }
            assertTrue(logger.flush(60_000));
        } finally {
            logger.close();
        }
        assertEquals(20_000, store.metrics.size());
        Set<String> points = new HashSet<>();
        for (Metric m : store.metrics) points.add(m.key() + "@" + m.step());
        assertEquals(20_000, points.size(), "each point once");
        return store;
    }

    @Test
    void aRunsTagWaitsForItsPointsInFlightAndHoldsBackWhatFollowsIt() {
        Backlog b = new Backlog(new BacklogBound(1000, BacklogBound.MAX_BYTES, 2), 1000);
        for (Entry e : List.of(point("r", 1), point("r", 2), point("s", 1), tag("r"), point("r", 3))) b.add(e);
        Backlog.Work first = awaitWork(b);
        assertEquals(List.of(point("r", 1), point("r", 2)), first.batch());
        Backlog.Work second = awaitWork(b);
        assertEquals(List.of(point("s", 1)), second.batch(), "the other run goes beside; r's tag waits");
        b.finished(first);
        b.finished(second);
        Backlog.Work third = awaitWork(b);
        assertEquals(List.of(tag("r"), point("r", 3)), third.batch(), "the tag, then what follows it, in one batch");
        b.add(point("s", 2));
        b.add(point("r", 4));
        Backlog.Work fourth = awaitWork(b);
        assertEquals(List.of(point("s", 2)), fourth.batch(), "nothing of r goes beside its tag");
        b.finished(third);
        b.finished(fourth);
        assertEquals(List.of(point("r", 4)), awaitWork(b).batch());
    }

    @Test
    void batchesInFlightCountInTheMemoryBound() {
        Entry e = point("r", 1);
        Backlog b = new Backlog(new BacklogBound(1000, 3 * e.bytes(), 2), 0);
        for (int i = 0; i < 3; i++) assertTrue(b.add(e).isEmpty());
        Backlog.Work sending = awaitWork(b);
        assertEquals(2, sending.batch().size());
        assertEquals(1, b.add(e).size(), "two in flight and one waiting fill the bound: the oldest waiting spills");
        b.done(1);
        b.finished(sending);
        assertTrue(b.add(e).isEmpty(), "room again once the batch is done");
    }

    static Backlog.Work awaitWork(Backlog b) {
        try {
            return b.awaitWork(2, 1_000, () -> false);
        } catch (InterruptedException ex) {
            throw new AssertionError(ex);
        }
    }

    static Entry point(String run, long step) {
        return Entry.metric(run, new Metric("m", step, 1L, step));
    }

    private static Entry tag(String run) {
        return Entry.tag(run, new Tag("t", "v"));
    }
}
