package io.jmlflow;

import io.jmlflow.entities.Metric;
import io.jmlflow.internal.SpoolSync;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight threads log as fast as they can for 30 s in a JVM with a 128 MB heap, to a real tracking server that takes far
 * fewer points a second than they log: the backlog stays within its share of the heap, producers wait for one batch
 * at a time (or spill to the spool), nothing is lost and no {@code Error} reaches the program.
 */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        Mlflow.resetForTesting();
    }

    @Test
    void eightThreadsFor30SecondsAt128MbLoseNothingAndNeverFailTheProgram() throws Exception {
        try (MlflowServer server = MlflowServer.start(dir.resolve("server"), false)) {
            Path spool = dir.resolve("spool");
            JavaProcess.Result r = JavaProcess.main(EightThreadsProgram.class, "30").jvmArg("-Xmx128m").workDir(dir)
                    .env("MLFLOW_TRACKING_URI", server.uri()).env("MLFLOW_SPOOL_DIR", spool.toString()).run(600);
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.stdout().contains("DONE"), r.describe());
            assertFalse(r.stdout().contains("CAUGHT"), "nothing reached the program: " + r.describe());
            assertFalse(r.stderr().contains("OutOfMemoryError") || r.stderr().contains("Exception in thread"),
                    r.describe());
            String maxWait = r.stdout().lines().filter(l -> l.startsWith("MAX_WAIT_MS ")).findFirst().orElseThrow();
            System.out.println("8 threads, -Xmx128m, 30 s: longest single logMetric " + maxWait.substring(12) + " ms; "
                    + r.stdout().lines().filter(l -> l.startsWith("THREAD ")).toList());

            MlflowConfig.set(MlflowConfig.TRACKING_URI, server.uri());
            MlflowConfig.set("spool.dir", spool.toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, SpoolSync.syncCurrent(spool, new PrintStream(out)), out.toString());
            try (MlflowClient client = new MlflowClient(server.uri())) {
                List<String> threads = r.stdout().lines().filter(l -> l.startsWith("THREAD ")).toList();
                assertEquals(8, threads.size(), r.describe());
                long total = 0;
                for (String line : threads) {
                    String[] parts = line.split(" ");
                    long points = Long.parseLong(parts[2]);
                    List<Metric> history = client.getMetricHistory(parts[1], "m");
                    Set<Long> steps = new HashSet<>();
                    for (Metric m : history) steps.add(m.step());
                    assertEquals(points, steps.size(), "every point of " + parts[1] + " is stored: " + out);
                    assertEquals(points, history.size(), "once");
                    total += points;
                }
                assertTrue(total > 0, r.describe());
            }
        }
    }
}
