package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MLflow's SQLite URI forms and artifact location rules. */
class SqliteUriTest {
    @Test
    void relativeAndAbsoluteUris() {
        assertEquals(Paths.get("mlflow.db").toAbsolutePath(), SqliteUri.path("sqlite:///mlflow.db"));
        assertEquals(Paths.get("sub/x.db").toAbsolutePath(), SqliteUri.path("sqlite:///sub/x.db"));
        assertEquals(Paths.get("/tmp/a/mlflow.db"), SqliteUri.path("sqlite:////tmp/a/mlflow.db"));
        assertEquals(Paths.get("/tmp/a/mlflow.db"), SqliteUri.path("SQLITE:////tmp/a/mlflow.db?timeout=20"));
    }

    @Test
    void unsupportedUrisAreInvalidParameters() {
        for (String uri : new String[] {"sqlite://", "sqlite:///:memory:", "sqlite:mlflow.db", "file:///x.db"}) {
            MlflowException e = assertThrows(MlflowException.class, () -> SqliteUri.path(uri), uri);
            assertEquals(MlflowException.INVALID_PARAMETER_VALUE, e.errorCode());
        }
    }

    @Test
    void artifactLocationsFollowMlflow() {
        assertEquals("/root/mlruns/3/abc/artifacts", SqlText.joinUri("/root/mlruns/3", "abc", "artifacts"));
        assertEquals("/root/mlruns/3/models/m-1/artifacts", SqlText.joinUri("/root/mlruns/3/", "models", "m-1", "artifacts"));
        assertEquals("s3://bucket/p/1/r/artifacts?x=y", SqlText.joinUri("s3://bucket/p?x=y", "1", "r", "artifacts"));
        assertEquals(Paths.get("mlruns").toAbsolutePath().toString(), SqlText.resolveLocal("./mlruns"));
        assertEquals("/abs/mlruns", SqlText.resolveLocal("/abs/mlruns"));
        assertEquals("file://" + Paths.get("rel").toAbsolutePath(), SqlText.resolveLocal("file:rel"));
        assertEquals("s3://bucket/x", SqlText.resolveLocal("s3://bucket/x"));
        assertEquals(SqlText.resolveLocal("mlruns"), SqliteStore.defaultArtifactRoot());
    }

    @Test
    void defaultArtifactRootCanBeConfigured(@TempDir Path tmp) {
        String uri = SqliteTesting.uri(tmp.resolve("mlflow.db"));
        try (SqliteStore store = SqliteStore.open(uri)) {
            assertEquals(SqliteStore.defaultArtifactRoot(), store.artifactRoot());
        }
        System.setProperty("mlflow.default.artifact.root", tmp.resolve("artifacts").toString());
        try (SqliteStore store = SqliteStore.open(uri)) {
            String exp = store.createExperiment("configured", null, List.of());
            assertEquals(tmp.resolve("artifacts").resolve(exp).toString(), store.getExperiment(exp).artifactLocation());
        } finally {
            System.clearProperty("mlflow.default.artifact.root");
        }
    }

    @Test
    void metricValuesRoundTripThroughTheStoredForm() {
        assertEquals(0.0, SqlText.storedValue(Double.NaN));
        assertEquals(Double.MAX_VALUE, SqlText.storedValue(Double.POSITIVE_INFINITY));
        assertEquals(-Double.MAX_VALUE, SqlText.storedValue(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, SqlText.loggedValue(Double.MAX_VALUE, false));
        assertEquals(Double.NEGATIVE_INFINITY, SqlText.loggedValue(-Double.MAX_VALUE, false));
        assertEquals(Double.NaN, SqlText.loggedValue(0.0, true));
        assertEquals(1.5, SqlText.loggedValue(SqlText.storedValue(1.5), false));
    }
}
