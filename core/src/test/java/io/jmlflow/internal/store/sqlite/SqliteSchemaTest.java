package io.jmlflow.internal.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A database made by SqliteStore has exactly the schema of the pinned MLflow, and MLflow opens it as its own. */
class SqliteSchemaTest {
    @TempDir
    Path tmp;

    @Test
    void newDatabaseHasTheSchemaMlflowCreates() throws Exception {
        Path ours = Files.createDirectories(tmp.resolve("ours"));
        Path theirs = Files.createDirectories(tmp.resolve("theirs"));
        SqliteTesting.open(ours).close();
        SqliteTesting.python(theirs.resolve("mlflow.db"), theirs, """
                import json
                from mlflow import MlflowClient
                print(json.dumps({"experiments": len(MlflowClient().search_experiments())}))
                """);
        Path ourDb = ours.resolve("mlflow.db");
        Path theirDb = theirs.resolve("mlflow.db");

        Map<String, String> expected = SqliteTesting.structure(theirDb);
        Map<String, String> actual = SqliteTesting.structure(ourDb);
        assertEquals(expected.keySet(), actual.keySet(), "tables");
        assertTrue(expected.size() > 60, "MLflow 3.17 has more than 60 tables, got " + expected.size());
        for (String table : expected.keySet()) assertEquals(expected.get(table), actual.get(table), "table " + table);

        assertEquals(SqliteTesting.normalizedSql(theirDb), SqliteTesting.normalizedSql(ourDb));
        assertEquals(List.of(List.of("dc11669786a5")), SqliteTesting.query(ourDb, "SELECT version_num FROM alembic_version"));
        assertEquals(SqliteTesting.query(theirDb, "SELECT * FROM workspaces"), SqliteTesting.query(ourDb, "SELECT * FROM workspaces"));

        String defaultExperiment = "SELECT experiment_id, name, lifecycle_stage, workspace, "
                + "creation_time = last_update_time, artifact_location FROM experiments";
        List<List<String>> theirRows = SqliteTesting.query(theirDb, defaultExperiment);
        List<List<String>> ourRows = SqliteTesting.query(ourDb, defaultExperiment);
        assertEquals(List.of(List.of("0", "Default", "active", "default", "1", theirs.resolve("mlruns/0").toString())), theirRows);
        assertEquals(List.of(List.of("0", "Default", "active", "default", "1", ours.resolve("mlruns/0").toString())), ourRows);
    }

    @Test
    void realMlflowOpensOurDatabaseWithoutMigrating() {
        Path dir = tmp;
        SqliteTesting.open(dir).close();
        Path db = dir.resolve("mlflow.db");
        String before = SqliteTesting.query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name").toString();
        JsonNode out = SqliteTesting.python(db, dir, """
                import json, os
                from mlflow.store.db.utils import _get_schema_version, _get_latest_schema_revision
                from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
                from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore as Registry
                uri = os.environ["MLFLOW_TRACKING_URI"]
                store = SqlAlchemyStore(uri, "./mlruns")
                Registry(uri)
                print(json.dumps({"revision": _get_schema_version(store.engine), "head": _get_latest_schema_revision(),
                                  "default": store.get_experiment("0").name}))
                """);
        assertEquals(out.get("head").asText(), out.get("revision").asText());
        assertEquals("Default", out.get("default").asText());
        assertEquals(before, SqliteTesting.query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name").toString(),
                "MLflow changed the schema of our database");
    }

    @Test
    void checkedInSchemaIsWhatThePinnedMlflowGenerates() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("generated"));
        ProcessBuilder pb = new ProcessBuilder(PythonMlflow.python(),
                PythonMlflow.repoRoot().resolve("scripts/gen_sqlite_schema.py").toString(), out.toString())
                .directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().putAll(PythonMlflow.baseEnv());
        Process p = pb.start();
        p.getOutputStream().close();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "generator timed out");
        assertEquals(0, p.exitValue(), log);
        String revisions = new String(SqliteSchema.class.getResourceAsStream("mlflow-revisions.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(Files.readString(out.resolve("mlflow-revisions.txt")), revisions,
                "mlflow-revisions.txt is stale: run scripts/gen-sqlite-schema.sh");
        String schema = new String(SqliteSchema.class.getResourceAsStream("mlflow-schema.sql").readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(normalizedStatements(Files.readString(out.resolve("mlflow-schema.sql"))), normalizedStatements(schema),
                "mlflow-schema.sql is stale: run scripts/gen-sqlite-schema.sh");
        SqliteSchema.Script script = SqliteSchema.script();
        assertEquals("dc11669786a5", script.header().revision());
        assertEquals(script.header(), SqliteSchema.PINNED, "the constant an existing database compares with (change it"
                + " with the script)");
        assertEquals(script.header().revision(),
                SqliteSchema.knownRevisions().get(SqliteSchema.knownRevisions().size() - 1));
    }

    private static List<String> normalizedStatements(String script) {
        return SqliteSchema.parse(script).statements().stream().map(SqliteTesting::normalize).sorted().toList();
    }
}
