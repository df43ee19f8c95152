package io.jmlflow.internal.store.file;

import io.jmlflow.entities.Metric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A second JVM for {@link FileStoreConcurrentJvmsTest}: waits for a start file, then logs {@code points} points
 * to the shared key {@code shared} and to its own key {@code own_<writer>} of one run, in batches of random size.
 * Values encode the writer and the index ({@code writer * 1_000_000 + i}) so the test can tell every point apart.
 *
 * <p>Arguments: store URI, run id, writer number (1, 2, ...), points, start file.
 */
public final class ConcurrentAppendMain {
    private ConcurrentAppendMain() {
    }

    public static void main(String[] args) throws Exception {
        FileStore store = FileStore.open(args[0]);
        String runId = args[1];
        int writer = Integer.parseInt(args[2]);
        int points = Integer.parseInt(args[3]);
        Path go = Paths.get(args[4]);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                System.err.println("start file never appeared: " + go);
                System.exit(3);
            }
            Thread.sleep(1);
        }
        Random random = new Random(writer);
        int i = 0;
        while (i < points) {
            int size = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(200);
            List<Metric> batch = new ArrayList<>();
            for (int k = 0; k < size && i < points; k++, i++) {
                long ts = System.currentTimeMillis();
                batch.add(new Metric("shared", writer * 1_000_000.0 + i, ts, i));
                batch.add(new Metric("own_" + writer, i + 0.5, ts, i));
            }
            store.logBatch(runId, batch, List.of(), List.of());
        }
        System.out.println("writer " + writer + " logged " + points);
    }
}
