package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection shared by all threads of a store, used in short transactions. Writes take the write
 * lock up front ({@code BEGIN IMMEDIATE}) so two writers never deadlock; a busy database (another process
 * writing, {@code mlflow ui} reading) is waited for by SQLite's busy timeout and then by retrying the whole
 * transaction, so "database is locked" never reaches the caller before {@link #MAX_WAIT_MS}. SQL errors come
 * out as one-line {@link MlflowException}s. The journal mode is left as it is (MLflow's default).
 */
final class SqliteDatabase implements AutoCloseable {
    /** What a transaction does; it may run more than once when the database was busy. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The same busy timeout MLflow sets on its SQLite sessions. */
    static final int BUSY_TIMEOUT_MS = 20_000;
    static final long MAX_WAIT_MS = 5 * 60_000;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection conn;
    private boolean closed;

    private SqliteDatabase(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    /** Connects to {@code file}, creating it (and its parent directories, as MLflow does) when missing. */
    static SqliteDatabase connect(Path file) {
        if (Files.isDirectory(file)) {
            throw new MlflowException(MlflowException.IO_ERROR, "SQLite store " + file
                    + ": cannot open: it is a directory, not a database file");
        }
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new MlflowException(MlflowException.IO_ERROR, "SQLite store " + file
                        + ": cannot create its directory: " + e, e);
            }
        }
        SqliteNativeLibrary.load();
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.enableCaseSensitiveLike(true);
        // The driver would otherwise follow each INSERT with a regular expression match and a second statement
        // (SELECT last_insert_rowid()) for getGeneratedKeys, which the store never calls.
        config.setGetGeneratedKeys(false);
        try {
            return new SqliteDatabase(file, config.createConnection("jdbc:sqlite:" + file));
        } catch (SQLException e) {
            throw describe(file, "open the database", e);
        }
    }

    Path file() { return file; }

    /** Runs {@code work} in a write transaction. */
    <T> T write(String action, Work<T> work) {
        return transaction("BEGIN IMMEDIATE", action, work);
    }

    /** Runs {@code work} in a read transaction (one consistent snapshot). */
    <T> T read(String action, Work<T> work) {
        return transaction("BEGIN", action, work);
    }

    private <T> T transaction(String begin, String action, Work<T> work) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS);
        long backoffMs = 20;
        while (true) {
            lock.lock();
            try {
                if (closed) {
                    throw new MlflowException(MlflowException.INVALID_STATE, "SQLite store " + file + " is closed");
                }
                try {
                    exec(begin);
                    T result = work.run(conn);
                    exec("COMMIT");
                    return result;
                } catch (SQLException e) {
                    rollbackQuietly();
                    if (!isBusy(e) || System.nanoTime() > deadline) throw describe(file, action, e);
                } catch (RuntimeException | Error e) {
                    rollbackQuietly();
                    throw e;
                }
            } finally {
                lock.unlock();
            }
            // Busy for longer than the busy timeout (a long transaction elsewhere): retry from the start.
            sleep(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs));
            backoffMs = Math.min(1_000, backoffMs * 2);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            if (!conn.isClosed()) exec("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was active (BEGIN itself failed, or SQLite already rolled back)
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(MlflowException.IO_ERROR, "interrupted while waiting for a locked SQLite database");
        }
    }

    static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException) return ((SQLiteException) e).getResultCode().code & 0xff;
        return e.getErrorCode() & 0xff;
    }

    static boolean isBusy(SQLException e) {
        int code = primaryCode(e);
        return code == 5 || code == 6; // SQLITE_BUSY, SQLITE_LOCKED
    }

    static boolean isConstraint(SQLException e) {
        return primaryCode(e) == 19; // SQLITE_CONSTRAINT
    }

    /** A one-line {@link MlflowException} for a failed SQLite operation. */
    static MlflowException describe(Path file, String action, SQLException e) {
        String reason;
        String code = MlflowException.IO_ERROR;
        switch (primaryCode(e)) {
            case 5: case 6:
                reason = "the database stayed locked by another process for more than " + (MAX_WAIT_MS / 1000) + " s";
                break;
            case 8:
                reason = "the database is read-only" + writabilityHint(file);
                break;
            case 14:
                reason = "unable to open the database file" + writabilityHint(file);
                break;
            case 11: case 26:
                reason = "the file is not an SQLite database or is corrupt";
                break;
            case 13:
                reason = "the disk is full";
                break;
            case 10:
                reason = "disk I/O error" + writabilityHint(file);
                break;
            default:
                code = MlflowException.INTERNAL_ERROR;
                reason = firstLine(e.getMessage());
        }
        return new MlflowException(code, "SQLite store " + file + ": cannot " + action + ": " + reason, e);
    }

    private static String writabilityHint(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(file) && !Files.isWritable(file)) return " (the file is not writable)";
        if (dir != null && Files.isDirectory(dir) && !Files.isWritable(dir)) {
            return Files.exists(file)
                    ? " (its directory " + dir + " is not writable; SQLite needs to create a journal file there)"
                    : " (cannot create it: the directory " + dir + " is not writable)";
        }
        return "";
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            conn.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to release
        } finally {
            lock.unlock();
        }
    }
}
