package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import io.jmlflow.internal.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema of the pinned MLflow, generated from the real MLflow by {@code scripts/gen-sqlite-schema.sh} into
 * {@code mlflow-schema.sql}: a new database gets exactly that schema and the rows MLflow puts in a new
 * database; an existing one is checked for its Alembic revision and used as it is.
 */
final class SqliteSchema {
    /** What the store needs to know about an opened database. */
    record Info(String revision, Set<String> tables) {
        boolean hasLoggedModels() {
            return tables.contains("logged_models");
        }

        boolean hasRegistry() {
            return tables.contains("registered_models") && tables.contains("model_versions");
        }
    }

    /** The generated script: its header and its statements. */
    record Script(Header header, List<String> statements) {
    }

    /** The generated script's header: the MLflow version it came from and its Alembic head. */
    record Header(String mlflowVersion, String revision) {
    }

    private static volatile Script script;
    private static volatile Header header;
    private static volatile List<String> revisions;

    private SqliteSchema() {
    }

    static Script script() {
        Script s = script;
        if (s == null) script = s = parse(resource("mlflow-schema.sql"));
        return s;
    }

    /**
     * The script's header as a constant ({@code SqliteSchemaTest} holds it to the script's own): an existing database
     * needs only that, and reading it from the script, a resource, is first looked for in every module of the JDK.
     */
    static final Header PINNED = new Header("3.17.2", "dc11669786a5");

    /** The script's header alone (an existing database needs only that, not the ~40 KB of statements parsed). */
    static Header header() {
        Header h = header;
        if (h == null) {
            Script s = script; // a new database parsed the whole script already
            header = h = s != null ? s.header() : PINNED;
        }
        return h;
    }

    /** The {@code -- mlflow_version:} and {@code -- alembic_revision:} lines of the comments the script opens with. */
    static Header parseHeader(String text) {
        String version = null;
        String revision = null;
        int at = 0;
        while (at < text.length() && text.startsWith("--", at)) {
            int end = text.indexOf('\n', at);
            if (end < 0) end = text.length();
            String line = text.substring(at, end);
            if (line.startsWith("-- mlflow_version:")) version = line.substring(line.indexOf(':') + 1).trim();
            if (line.startsWith("-- alembic_revision:")) revision = line.substring(line.indexOf(':') + 1).trim();
            at = end + 1;
        }
        if (version == null || revision == null) throw new IllegalStateException("mlflow-schema.sql has no header");
        return new Header(version, revision);
    }

    /** The Alembic revisions of the pinned MLflow, oldest first. */
    static List<String> knownRevisions() {
        List<String> r = revisions;
        if (r == null) {
            List<String> out = new ArrayList<>();
            for (String line : resource("mlflow-revisions.txt").split("\n")) if (!line.isBlank()) out.add(line.trim());
            revisions = r = List.copyOf(out);
        }
        return r;
    }

    /** A resource of this package, as text with Unix line ends. */
    private static String resource(String name) {
        try (InputStream in = SqliteSchema.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource io/jmlflow/internal/store/sqlite/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Script parse(String text) {
        Header h = parseHeader(text); // also refuses a script without one
        List<String> statements = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf(";\n\n", at); // statements end with ';' and a blank line (no regex: see header())
            String chunk = text.substring(at, end < 0 ? text.length() : end);
            at = end < 0 ? text.length() : end + 3;
            StringBuilder sql = new StringBuilder();
            for (String line : chunk.split("\n", -1)) {
                if (sql.length() == 0 && (line.startsWith("--") || line.isBlank())) continue;
                sql.append(line).append('\n');
            }
            String stmt = sql.toString().strip();
            if (stmt.endsWith(";")) stmt = stmt.substring(0, stmt.length() - 1);
            if (!stmt.isEmpty()) statements.add(stmt);
        }
        return new Script(h, List.copyOf(statements));
    }

    // The reads every store's start makes, as classes: a lambda's first link costs about a millisecond of a fresh JVM.
    private static final SqliteDatabase.Work<Info> INSPECT = new SqliteDatabase.Work<Info>() {
        @Override
        public Info run(Connection c) throws SQLException {
            return inspect(c);
        }
    };
    private static final SqliteDatabase.Work<Boolean> HAS_DEFAULT_EXPERIMENT = new SqliteDatabase.Work<Boolean>() {
        @Override
        public Boolean run(Connection c) throws SQLException {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM experiments WHERE experiment_id = 0")) {
                return rs.next();
            }
        }
    };

    /**
     * Creates MLflow's schema in an empty database, adds the Default experiment where it is missing, warns once
     * about a revision other than the pinned one, and reports what the database has.
     */
    static Info prepare(SqliteDatabase db, String artifactRoot) {
        Info info = db.read("read the schema", INSPECT);
        if (info.tables().isEmpty()) {
            info = db.write("create the MLflow schema", c -> {
                Info now = inspect(c);
                if (now.tables().isEmpty()) {
                    create(c, artifactRoot);
                    now = inspect(c);
                }
                return now;
            });
        }
        if (!info.tables().contains("experiments") || !info.tables().contains("runs")) {
            throw new MlflowException(MlflowException.IO_ERROR, "SQLite store " + db.file()
                    + ": cannot use it: it is not an MLflow tracking database (no experiments and runs tables)");
        }
        warnAboutRevision(db, info.revision());
        boolean hasDefault = db.read("read the Default experiment", HAS_DEFAULT_EXPERIMENT);
        if (!hasDefault) {
            db.write("create the Default experiment", c -> {
                insertDefaultExperiment(c, artifactRoot);
                return null;
            });
        }
        return info;
    }

    private static Info inspect(Connection c) throws SQLException {
        Set<String> tables = new LinkedHashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'alembic\\_%' ESCAPE '\\'")) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        String revision = null;
        if (tableExists(c, "alembic_version")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
                if (rs.next()) revision = rs.getString(1);
            }
        }
        return new Info(revision, Set.copyOf(tables));
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void create(Connection c, String artifactRoot) throws SQLException {
        long now = System.currentTimeMillis();
        try (Statement s = c.createStatement()) {
            for (String sql : script().statements()) {
                if (sql.startsWith("INSERT INTO experiments ")) {
                    sql = sql.replace(":artifact_location", SqlText.literal(SqlText.joinUri(artifactRoot, "0")))
                            .replace(":now", Long.toString(now));
                }
                s.execute(sql);
            }
        }
    }

    private static void insertDefaultExperiment(Connection c, String artifactRoot) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO experiments (experiment_id, name, "
                + "artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, 'Default', ?, 'active', ?, ?)")) {
            ps.setString(1, SqlText.joinUri(artifactRoot, "0"));
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    private static void warnAboutRevision(SqliteDatabase db, String revision) {
        Header s = header();
        if (s.revision().equals(revision)) return;
        if (revision != null && knownRevisions().contains(revision)) {
            watchOlderRevision(db, revision);
            return;
        }
        String found = revision == null ? "no Alembic revision" : "MLflow schema revision " + revision;
        Log.warnOnce("sqlite-revision:" + db.file() + ":" + revision, "SQLite store " + db.file() + " has " + found
                + ", unknown to jmlflow (built for MLflow " + s.mlflowVersion() + ", revision " + s.revision()
                + "); it keeps logging through MLflow's long-stable tables and columns");
    }

    /**
     * An older revision may be one step of a migration another process (Python's {@code mlflow db upgrade}, a server
     * starting) is running right now: each step commits its revision. A daemon thread watches the revision for
     * {@value #SETTLE_MS} ms after it last changed (at most {@value #WATCH_MAX_MS} ms) and warns only when it is still
     * an older one then; opening the store does not wait for that.
     */
    private static void watchOlderRevision(SqliteDatabase db, String first) {
        Thread t = new Thread(new Runnable() { // not a lambda: a store opens inside the first training call
            @Override
            public void run() {
                String revision = first;
                long start = System.nanoTime();
                long changed = start;
                try {
                    while (true) {
                        Thread.sleep(POLL_MS);
                        String now = db.read("read the schema revision", INSPECT).revision();
                        long t = System.nanoTime();
                        if (!java.util.Objects.equals(now, revision)) {
                            revision = now;
                            changed = t;
                        }
                        if (header().revision().equals(revision)) return; // the migration finished
                        if ((t - changed) / 1_000_000 >= SETTLE_MS || (t - start) / 1_000_000 >= WATCH_MAX_MS) break;
                    }
                } catch (InterruptedException | RuntimeException e) {
                    return; // the store closed: nothing to tell
                }
                if (revision == null || !knownRevisions().contains(revision)) {
                    warnAboutRevision(db, revision);
                    return;
                }
                Header s = header();
                Log.warnOnce("sqlite-revision:" + db.file() + ":" + revision, "SQLite store " + db.file()
                        + " has MLflow schema revision " + revision + " from an older MLflow; jmlflow keeps logging to"
                        + " it, and MLflow " + s.mlflowVersion() + " asks for 'mlflow db upgrade sqlite:///" + db.file()
                        + "' before opening it");
            }
        }, "mlflow-schema-check");
        t.setDaemon(true);
        t.start();
    }

    private static final long POLL_MS = 200;
    /** How long the revision must stay the same before an older one is reported. */
    static final long SETTLE_MS = 2000;
    private static final long WATCH_MAX_MS = 60_000;
}
