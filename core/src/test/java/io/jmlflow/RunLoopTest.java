package io.jmlflow;

import io.jmlflow.entities.Run;
import io.jmlflow.internal.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many short runs in a loop, as a hyperparameter sweep with the fluent API writes them: each run's end returns as
 * soon as its data is written (the writer is woken, not waited out), and each prints one summary line whose counts
 * are what the store holds.
 */
class RunLoopTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "^run (\\S+) \\((\\w+)\\) FINISHED: (\\d+) params, (\\d+) metric points, (\\d+) tags -> .*");

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> listener = log::add;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Mlflow.resetForTesting();
        Path shm = Paths.get("/dev/shm");
        dir = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Paths.get(System.getProperty("java.io.tmpdir")), "jmlflow-loop");
        Log.addListener(listener);
    }

    @AfterEach
    void tearDown() throws IOException {
        Log.removeListener(listener);
        Mlflow.resetForTesting();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void fortyRunsOfTenPointsEachFinishWithinSecondsWithASummaryLineThatMatchesTheStore() {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        Mlflow.setTrackingUri(uri);
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < 40; r++) {
            try (ActiveRun run = Mlflow.startRun("sweep-" + r)) {
                ids.add(run.runId());
                Mlflow.logParam("lr", 0.01 * (r + 1));
                Mlflow.setTag("sweep", "loop");
                for (int i = 0; i < 10; i++) Mlflow.logMetric("loss", 1.0 / (i + 1), i);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // A generous bound: each end used to sleep out the writer's one-second idle wait (about 40 s in all).
        assertTrue(millis < 10_000, "40 runs took " + millis + " ms");

        List<Matcher> summaries = new ArrayList<>();
        for (String line : new ArrayList<>(log)) {
            Matcher m = SUMMARY.matcher(line);
            if (m.matches()) summaries.add(m);
        }
        assertEquals(40, summaries.size(), "one summary line per run: " + log);
        try (MlflowClient client = new MlflowClient(uri)) {
            for (int r = 0; r < 40; r++) {
                Matcher m = summaries.get(r);
                assertEquals("sweep-" + r, m.group(1));
                assertEquals(ids.get(r), m.group(2));
                Run run = client.getRun(ids.get(r));
                assertEquals(run.data().params().size(), Integer.parseInt(m.group(3)), "params of " + m.group(0));
                assertEquals(client.getMetricHistory(ids.get(r), "loss").size(), Integer.parseInt(m.group(4)));
                assertEquals(run.data().tags().size(), Integer.parseInt(m.group(5)), "tags of " + m.group(0));
            }
        }
    }
}
