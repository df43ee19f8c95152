package io.jmlflow.internal.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.PythonMlflow;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Helpers for the SQLite store tests: URIs, raw SQL reads and the real MLflow on a database file. */
final class SqliteTesting {
    private SqliteTesting() {
    }

    /** MLflow's absolute form, {@code sqlite:////abs/path.db}. */
    static String uri(Path db) {
        return "sqlite:///" + db.toAbsolutePath();
    }

    static SqliteStore open(Path dir) {
        return SqliteStore.open(uri(dir.resolve("mlflow.db")), dir.resolve("mlruns").toString());
    }

    /** Runs a Python script with MLFLOW_TRACKING_URI pointing at {@code db}; returns its last line as JSON. */
    static JsonNode python(Path db, Path workDir, String script) {
        return PythonMlflow.json(uri(db), workDir, script);
    }

    /** Rows of a query as lists of strings (null stays null), read with a plain JDBC connection. */
    static List<List<String>> query(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.add(rs.getString(i));
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError("query failed on " + db + ": " + sql, e);
        }
    }

    static void execute(Path db, String... sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        } catch (SQLException e) {
            throw new AssertionError("statement failed on " + db, e);
        }
    }

    /**
     * The structure of every table: columns (name, type, not null, default, primary key position), foreign
     * keys, and indexes with their columns, uniqueness and origin, keyed by table name.
     */
    static Map<String, String> structure(Path db) {
        Map<String, String> out = new TreeMap<>();
        for (List<String> t : query(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            String table = t.get(0);
            StringBuilder b = new StringBuilder();
            for (List<String> col : query(db, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" + table + "')")) {
                b.append("column ").append(col).append('\n');
            }
            for (List<String> fk : query(db, "SELECT \"table\", \"from\", \"to\", on_update, on_delete, seq FROM "
                    + "pragma_foreign_key_list('" + table + "') ORDER BY \"table\", \"from\"")) {
                b.append("foreign key ").append(fk).append('\n');
            }
            List<String> indexes = new ArrayList<>();
            for (List<String> ix : query(db, "SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + table + "')")) {
                List<List<String>> cols = query(db, "SELECT seqno, name FROM pragma_index_info('" + ix.get(0) + "') ORDER BY seqno");
                // SQLite numbers the indexes behind UNIQUE / PRIMARY KEY constraints in declaration order.
                String name = ix.get(0).startsWith("sqlite_autoindex_") ? "(auto)" : ix.get(0);
                indexes.add("index " + name + " " + ix.subList(1, 4) + " " + cols);
            }
            indexes.sort(null);
            indexes.forEach(i -> b.append(i).append('\n'));
            out.put(table, b.toString());
        }
        return out;
    }

    /**
     * Every schema object's SQL with the lines of each statement sorted: SQLAlchemy emits table constraints in
     * an order that varies between two runs of MLflow, which SQLite does not care about.
     */
    static Map<String, String> normalizedSql(Path db) {
        Map<String, String> out = new TreeMap<>();
        for (List<String> row : query(db, "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")) {
            out.put(row.get(0) + " " + row.get(1), normalize(row.get(2)));
        }
        return out;
    }

    static String normalize(String sql) {
        List<String> lines = new ArrayList<>();
        for (String line : sql.split("\n")) {
            String l = line.strip();
            if (l.endsWith(",")) l = l.substring(0, l.length() - 1).strip();
            if (!l.isEmpty()) lines.add(l);
        }
        lines.sort(null);
        return String.join("\n", lines);
    }
}
