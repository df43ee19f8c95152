package io.jmlflow;

import io.jmlflow.internal.SpoolSync;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight threads log as fast as they can for 30 s in a JVM with a 128 MB heap, far faster than the store takes points:
 * the backlog stays within its share of the heap, producers wait for one batch at a time (or spill to the spool),
 * nothing is lost and no {@code Error} reaches the program. The default store (SQLite) here;
 * {@code -Djmlflow.bounded.memory.store=server} runs the same against a real tracking server (minutes longer: most
 * points then go through the spool and {@code sync}).
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
        boolean server = "server".equals(System.getProperty("jmlflow.bounded.memory.store"));
        try (MlflowServer s = server ? MlflowServer.start(dir.resolve("server"), false) : null) {
            String uri = server ? s.uri() : "sqlite:///" + dir.resolve("mlflow.db");
            Path spool = dir.resolve("spool");
            JavaProcess.Result r = JavaProcess.main(EightThreadsProgram.class, "30").jvmArg("-Xmx128m").workDir(dir)
                    .env("MLFLOW_TRACKING_URI", uri).env("MLFLOW_SPOOL_DIR", spool.toString()).run(600);
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.stdout().contains("DONE"), r.describe());
            assertFalse(r.stdout().contains("CAUGHT"), "nothing reached the program: " + r.describe());
            assertFalse(r.stderr().contains("OutOfMemoryError") || r.stderr().contains("Exception in thread"),
                    r.describe());
            List<String> threads = r.stdout().lines().filter(l -> l.startsWith("THREAD ")).toList();
            String maxWait = r.stdout().lines().filter(l -> l.startsWith("MAX_WAIT_MS ")).findFirst().orElseThrow();
            System.out.println("8 threads, -Xmx128m, 30 s, " + uri + ": longest single logMetric "
                    + maxWait.substring(12) + " ms; " + threads);

            MlflowConfig.set(MlflowConfig.TRACKING_URI, uri);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, SpoolSync.syncCurrent(spool, new PrintStream(out)), out.toString());
            assertEquals(8, threads.size(), r.describe());
            long total = 0;
            for (String line : threads) {
                String[] parts = line.split(" ");
                long points = Long.parseLong(parts[2]);
                long[] stored = server ? fromServer(uri, parts[1]) : fromDatabase(dir.resolve("mlflow.db"), parts[1]);
                assertEquals(points, stored[1], "every point of " + parts[1] + " is stored: " + out + r.describe());
                assertEquals(points, stored[0], "once");
                total += points;
            }
            assertTrue(total > 0, r.describe());
        }
    }

    /** Rows and distinct steps of metric {@code m} of the run, counted in the database (millions of points). */
    private static long[] fromDatabase(Path db, String runId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*), COUNT(DISTINCT step) FROM metrics WHERE run_uuid = ? AND key = 'm'")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static long[] fromServer(String uri, String runId) {
        try (MlflowClient client = new MlflowClient(uri)) {
            var history = client.getMetricHistory(runId, "m");
            Set<Long> steps = new HashSet<>();
            for (var m : history) steps.add(m.step());
            return new long[] {history.size(), steps.size()};
        }
    }
}
