package io.jmlflow.internal.store.rest;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log-batch split keeps every request within the server's limits and keeps the caller's order. */
class RestLogBatchSplitterTest {

    private static List<Metric> metrics(int n) {
        List<Metric> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Metric("m", i, i, i));
        return out;
    }

    private static List<Param> params(int n) {
        List<Param> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Param("p" + i, "v"));
        return out;
    }

    private static List<Tag> tags(int n, int valueLength) {
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Tag("t" + i, "x".repeat(valueLength)));
        return out;
    }

    @Test
    void everyChunkIsWithinTheLimitsAndNothingIsLostOrReordered() {
        List<Metric> ms = metrics(2500);
        List<Param> ps = params(250);
        List<Tag> ts = tags(120, 10);
        List<LogBatchSplitter.Chunk> chunks = LogBatchSplitter.split(ms, ps, ts);
        List<Metric> allM = new ArrayList<>();
        List<Param> allP = new ArrayList<>();
        List<Tag> allT = new ArrayList<>();
        for (LogBatchSplitter.Chunk c : chunks) {
            assertTrue(c.metrics().size() <= 1000 && c.params().size() <= 100 && c.tags().size() <= 100
                    && c.size() <= 1000, c.metrics().size() + "/" + c.params().size() + "/" + c.tags().size());
            allM.addAll(c.metrics());
            allP.addAll(c.params());
            allT.addAll(c.tags());
        }
        assertEquals(ms, allM);
        assertEquals(ps, allP);
        assertEquals(ts, allT);
        // 100 params + 100 tags + 800 metrics, 100 + 20 + 880, 50 + 0 + 820 = 2500 metrics in 3 requests
        assertEquals(3, chunks.size());
        assertEquals(800, chunks.get(0).metrics().size());
    }

    @Test
    void largeValuesSplitByRequestSize() {
        List<Tag> ts = tags(100, 8000);
        List<Param> ps = new ArrayList<>();
        for (int i = 0; i < 100; i++) ps.add(new Param("p" + i, "y".repeat(6000)));
        List<LogBatchSplitter.Chunk> chunks = LogBatchSplitter.split(List.of(), ps, ts);
        assertTrue(chunks.size() >= 2, "1.4 MB of values must not go in one request");
        for (LogBatchSplitter.Chunk c : chunks) {
            long bytes = c.params().stream().mapToLong(p -> p.value().length()).sum()
                    + c.tags().stream().mapToLong(t -> t.value().length()).sum();
            assertTrue(bytes < 1_000_000, "chunk of " + bytes + " bytes");
        }
        assertEquals(200, chunks.stream().mapToInt(LogBatchSplitter.Chunk::size).sum());
    }

    @Test
    void identicalParamsAreSentOnce() {
        List<LogBatchSplitter.Chunk> chunks = LogBatchSplitter.split(List.of(),
                List.of(new Param("lr", "0.1"), new Param("lr", "0.1"), new Param("k", "v")), List.of());
        assertEquals(List.of(new Param("lr", "0.1"), new Param("k", "v")), chunks.get(0).params());
    }

    @Test
    void emptyBatchSendsNothing() {
        assertTrue(LogBatchSplitter.split(List.of(), List.of(), List.of()).isEmpty());
    }
}
