package io.jmlflow.internal.store.sqlite;

import io.jmlflow.entities.Metric;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.store.TrackingStoreContractTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shared store contract against a fresh SQLite database in a temporary directory. */
class SqliteStoreContractTest extends TrackingStoreContractTest {
    @Override
    protected TrackingStore newStore(Path tempDir) {
        return SqliteStore.open("sqlite:///" + tempDir.resolve("mlflow.db").toAbsolutePath(),
                tempDir.resolve("mlruns").toString());
    }

    /** As MLflow's SQL store: a point identical in key, value, timestamp and step is one row (its primary key). */
    @Test
    void anIdenticalPointTwiceInABatchIsOneRowAndADifferentValueIsAnother() {
        String exp = store.createExperiment(unique("dedup"), null, List.of());
        String id = newRun(exp, "r").info().runId();
        Metric p = new Metric("loss", 0.5, 1000L, 3L);
        store.logBatch(id, List.of(p, new Metric("loss", 0.5, 1000L, 3L), new Metric("loss", 0.25, 1000L, 3L)),
                List.of(), List.of());
        assertEquals(2, store.getMetricHistory(id, "loss").size(), store.getMetricHistory(id, "loss").toString());
        Metric nan = new Metric("nan", Double.NaN, 1000L, 0L);
        store.logBatch(id, List.of(nan, new Metric("nan", Double.NaN, 1000L, 0L)), List.of(), List.of());
        assertEquals(1, store.getMetricHistory(id, "nan").size());
    }
}
