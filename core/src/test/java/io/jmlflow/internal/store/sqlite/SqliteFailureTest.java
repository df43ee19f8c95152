package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken, read-only, foreign and busy databases: one clear error line, never half-written rows. */
class SqliteFailureTest {
    @TempDir
    Path tmp;

    @Test
    void corruptFileIsAnIoErrorFromOpen() throws Exception {
        Path db = tmp.resolve("mlflow.db");
        Files.writeString(db, "this is not a database. ".repeat(200));
        MlflowException e = assertThrows(MlflowException.class, () -> SqliteStore.open(SqliteTesting.uri(db), tmp.toString()));
        assertOneLineIoError(e, "not an SQLite database or is corrupt");
    }

    @Test
    void directoryIsAnIoErrorFromOpen() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mlflow.db"));
        MlflowException e = assertThrows(MlflowException.class, () -> SqliteStore.open(SqliteTesting.uri(dir), tmp.toString()));
        assertOneLineIoError(e, "is a directory");
    }

    @Test
    void foreignDatabaseIsRefused() {
        Path db = tmp.resolve("other.db");
        SqliteTesting.execute(db, "CREATE TABLE something (x INTEGER)");
        MlflowException e = assertThrows(MlflowException.class, () -> SqliteStore.open(SqliteTesting.uri(db), tmp.toString()));
        assertOneLineIoError(e, "not an MLflow tracking database");
    }

    @Test
    void missingParentDirectoriesAreCreated() {
        Path db = tmp.resolve("a/b/mlflow.db");
        try (SqliteStore store = SqliteStore.open(SqliteTesting.uri(db), tmp.resolve("mlruns").toString())) {
            assertEquals("Default", store.getExperiment("0").name());
        }
        assertTrue(Files.isRegularFile(db));
    }

    @Test
    void readOnlyFileReadsButWritesFailWithOneLine() throws Exception {
        Path db = tmp.resolve("mlflow.db");
        String exp;
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            exp = store.createExperiment("ro", null, List.of());
        }
        try (ReadOnly ignored = ReadOnly.make(db); SqliteStore store = SqliteTesting.open(tmp)) {
            assertEquals("ro", store.getExperiment(exp).name());
            MlflowException e = assertThrows(MlflowException.class, () -> store.createExperiment("more", null, List.of()));
            assertOneLineIoError(e, "read-only");
        }
        assertEquals(List.of(List.of("0"), List.of(exp)), SqliteTesting.query(db, "SELECT experiment_id FROM experiments ORDER BY 1"));
    }

    @Test
    void readOnlyDirectoryFailsWritesAndNewDatabasesWithOneLine() throws Exception {
        Path existing = Files.createDirectories(tmp.resolve("existing"));
        String runId;
        try (SqliteStore store = SqliteTesting.open(existing)) {
            runId = store.createRun("0", "u", 1, List.of(), "r").runId();
        }
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (ReadOnly ignored = ReadOnly.make(existing); ReadOnly ignored2 = ReadOnly.make(empty)) {
            try (SqliteStore store = SqliteTesting.open(existing)) {
                assertEquals("r", store.getRun(runId).info().runName());
                MlflowException e = assertThrows(MlflowException.class,
                        () -> store.logBatch(runId, List.of(new Metric("m", 1, 1, 0)), List.of(), List.of()));
                assertOneLineIoError(e, existing.toString());
            }
            MlflowException e = assertThrows(MlflowException.class, () -> SqliteTesting.open(empty));
            assertOneLineIoError(e, empty.toString());
        }
        assertEquals(List.of(), SqliteTesting.query(existing.resolve("mlflow.db"), "SELECT key FROM metrics"));
    }

    @Test
    void aFailedBatchWritesNothing() {
        Path db = tmp.resolve("mlflow.db");
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            String run = store.createRun("0", "u", 1, List.of(), "r").runId();
            store.logBatch(run, List.of(), List.of(new Param("lr", "0.1")), List.of());
            MlflowException changed = assertThrows(MlflowException.class, () -> store.logBatch(run,
                    List.of(new Metric("m", 1, 1, 0)), List.of(new Param("new", "x"), new Param("lr", "0.2")),
                    List.of(new Tag("t", "v"))));
            assertEquals(MlflowException.INVALID_PARAMETER_VALUE, changed.errorCode());
            // a constraint failing after params and metrics went in: the whole batch is rolled back
            assertThrows(MlflowException.class, () -> store.logBatch(run, List.of(new Metric("m", 1, 1, 0)),
                    List.of(new Param("other", "y")), List.of(new Tag(null, "v"))));
            assertEquals(List.of(List.of("lr", "0.1")), SqliteTesting.query(db, "SELECT key, value FROM params"));
            assertEquals(List.of(), SqliteTesting.query(db, "SELECT key FROM metrics"));
            assertEquals(List.of(), SqliteTesting.query(db, "SELECT key FROM latest_metrics"));
            assertEquals(List.of(List.of("mlflow.runName")), SqliteTesting.query(db, "SELECT key FROM tags"));
        }
    }

    @Test
    void unknownRevisionWarnsOnceAndStillLogs() {
        Path db = tmp.resolve("mlflow.db");
        SqliteTesting.open(tmp).close();
        SqliteTesting.execute(db, "UPDATE alembic_version SET version_num = 'abcdef123456'");
        String[] runId = new String[1];
        String err = stderrOf(() -> {
            try (SqliteStore store = SqliteTesting.open(tmp)) {
                runId[0] = store.createRun("0", "u", 1, List.of(), "r").runId();
                store.logBatch(runId[0], List.of(new Metric("m", 2, 1, 0)), List.of(), List.of());
            }
            SqliteTesting.open(tmp).close();
            return null;
        });
        assertEquals(1, count(err, "abcdef123456"), err);
        assertTrue(err.contains("unknown to jmlflow"), err);
        assertEquals(List.of(List.of("m", "2.0")), SqliteTesting.query(db,
                "SELECT key, value FROM latest_metrics WHERE run_uuid = '" + runId[0] + "'"));
    }

    @Test
    void olderRevisionWarnsThatMlflowWantsAnUpgrade() throws Exception {
        Path db = tmp.resolve("mlflow.db");
        SqliteTesting.open(tmp).close();
        List<String> known = SqliteSchema.knownRevisions();
        String older = known.get(known.size() - 2);
        SqliteTesting.execute(db, "UPDATE alembic_version SET version_num = '" + older + "'");
        List<String> warnings = warningsWhileOpen(db, null);
        assertTrue(warnings.stream().anyMatch(w -> w.contains(older) && w.contains("older MLflow")
                && w.contains("mlflow db upgrade")), warnings.toString());
    }

    @Test
    void anOlderRevisionThatAnotherProcessIsMigratingIsNotReportedAsOld() throws Exception {
        Path db = tmp.resolve("mlflow.db");
        SqliteTesting.open(tmp).close();
        List<String> known = SqliteSchema.knownRevisions();
        String current = known.get(known.size() - 1);
        // another process mid-way through `mlflow db upgrade`: each step commits its revision
        SqliteTesting.execute(db, "UPDATE alembic_version SET version_num = '" + known.get(known.size() - 3) + "'");
        List<String> warnings = warningsWhileOpen(db, () -> {
            sleep(600);
            SqliteTesting.execute(db, "UPDATE alembic_version SET version_num = '" + known.get(known.size() - 2) + "'");
            sleep(600);
            SqliteTesting.execute(db, "UPDATE alembic_version SET version_num = '" + current + "'");
        });
        assertTrue(warnings.stream().noneMatch(w -> w.contains("upgrade") || w.contains("older MLflow")),
                warnings.toString());
    }

    /** Warnings while a store is open on {@code db} for a while (its revision check settles), {@code meanwhile} run. */
    private List<String> warningsWhileOpen(Path db, Runnable meanwhile) throws Exception {
        try (io.jmlflow.testing.Warnings.Collector log = io.jmlflow.testing.Warnings.collect();
             SqliteStore store = SqliteTesting.open(tmp)) {
            store.createRun("0", "u", 1, List.of(), "r");
            if (meanwhile != null) meanwhile.run();
            long deadline = System.currentTimeMillis() + SqliteSchema.SETTLE_MS + 3000;
            while (System.currentTimeMillis() < deadline && log.lines().isEmpty()) Thread.sleep(100);
            return log.lines();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLockHeldByAnotherConnectionIsWaitedFor() throws Exception {
        Path db = tmp.resolve("mlflow.db");
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            String run = store.createRun("0", "u", 1, List.of(), "r").runId();
            CompletableFuture<Void> write;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                write = CompletableFuture.runAsync(() ->
                        store.logBatch(run, List.of(new Metric("m", 3, 1, 0)), List.of(), List.of()));
                Thread.sleep(300);
                assertFalse(write.isDone(), "the write should wait for the lock");
                s.execute("COMMIT");
            }
            write.get(2, TimeUnit.MINUTES);
            assertEquals(3.0, store.getRun(run).data().metric("m"));
        }
    }

    private static void assertOneLineIoError(MlflowException e, String expected) {
        assertEquals(MlflowException.IO_ERROR, e.errorCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    private static String stderrOf(Supplier<Void> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(original);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /**
     * Makes a file or directory read-only for this process: permissions first, and where they do not bind (root),
     * the immutable attribute. Undone on close.
     */
    private static final class ReadOnly implements AutoCloseable {
        private final Path path;
        private final Set<PosixFilePermission> before;
        private boolean immutable;

        private ReadOnly(Path path) throws IOException {
            this.path = path;
            this.before = Files.getPosixFilePermissions(path);
        }

        static ReadOnly make(Path path) throws Exception {
            ReadOnly r = new ReadOnly(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-xr-xr-x" : "r--r--r--"));
            if (Files.isWritable(path)) {
                Process p = new ProcessBuilder("chattr", "+i", path.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, "chattr +i failed: " + out);
                r.immutable = true;
            }
            assertFalse(Files.isWritable(path), path + " is still writable");
            return r;
        }

        @Override
        public void close() throws Exception {
            if (immutable) new ProcessBuilder("chattr", "-i", path.toString()).inheritIO().start().waitFor(1, TimeUnit.MINUTES);
            Files.setPosixFilePermissions(path, before);
        }
    }
}
