package io.jmlflow.internal.store.file;

import io.jmlflow.entities.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures (and prints) how fast batches of 1000 metric points go into one run; asserts only that every point
 * arrived, never a time.
 */
class FileStoreThroughputTest {
    private static final int BATCH = 1000;

    @TempDir
    Path tmp;

    @Test
    void batchesOfOneThousandPointsIntoOneRun() {
        FileStore store = FileStore.open(tmp.resolve("mlruns").toString());
        String exp = store.createExperiment("throughput", null, List.of());
        String runId = store.createRun(exp, "bench", 1L, List.of(), "bench").runId();

        measure(store, runId, "one key", 1, 100); // warm-up
        double oneKey = measure(store, runId, "one key", 1, 500);
        double tenKeys = measure(store, runId, "ten keys", 10, 500);
        long start = System.nanoTime();
        for (int i = 0; i < 5000; i++) {
            store.logBatch(runId, List.of(new Metric("single", i, i, i)), List.of(), List.of());
        }
        double single = 5000 / ((System.nanoTime() - start) / 1e9);
        System.out.printf("file store logBatch throughput: %,.0f points/s (batches of 1000, 1 key), %,.0f points/s "
                + "(batches of 1000, 10 keys), %,.0f calls/s (one point per call)%n", oneKey, tenKeys, single);
        assertEquals(5000, store.getMetricHistory(runId, "single").size());

        assertEquals(600 * BATCH, store.getMetricHistory(runId, "one key_0").size());
        assertEquals(500 * BATCH / 10, store.getMetricHistory(runId, "ten keys_9").size());
    }

    private static double measure(FileStore store, String runId, String prefix, int keys, int batches) {
        List<List<Metric>> prepared = new ArrayList<>();
        long ts = System.currentTimeMillis();
        for (int b = 0; b < batches; b++) {
            List<Metric> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                long step = (long) b * BATCH + i;
                batch.add(new Metric(prefix + "_" + (i % keys), Math.sin(step) * 0.731 + step * 1e-3, ts + step, step));
            }
            prepared.add(batch);
        }
        long start = System.nanoTime();
        for (List<Metric> batch : prepared) store.logBatch(runId, batch, List.of(), List.of());
        double seconds = (System.nanoTime() - start) / 1e9;
        return batches * (double) BATCH / seconds;
    }
}
