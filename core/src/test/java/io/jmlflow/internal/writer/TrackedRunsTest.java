package io.jmlflow.internal.writer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A run read by the id it started under after its end, when the store gave its id only later. */
class TrackedRunsTest {
    @Test
    void anEndedRunsKeyStillLeadsToTheStoresId() {
        TrackedRuns runs = new TrackedRuns();
        TrackedRun r = runs.creating("local-key", null);
        r.created("server-id", "1", null);
        runs.indexStoreId(r);
        runs.forget(r);
        assertNull(runs.get("local-key"));
        assertEquals("server-id", runs.endedStoreId("local-key"));
        assertNull(runs.endedStoreId("other"));
    }
}
