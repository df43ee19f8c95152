package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowException;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * MLflow's (SQLAlchemy's) SQLite URIs: {@code sqlite:///relative/mlflow.db} is relative to the working directory,
 * {@code sqlite:////abs/mlflow.db} is absolute; a {@code ?query} is ignored.
 */
final class SqliteUri {
    private static final String PREFIX = "sqlite:///";

    private SqliteUri() {
    }

    /** The database file a URI names. */
    static Path path(String uri) {
        String u = uri == null ? "" : uri.trim();
        if (!u.toLowerCase(Locale.ROOT).startsWith("sqlite:")) {
            throw MlflowException.invalid("'" + uri + "' is not a sqlite: URI (use sqlite:///mlflow.db)");
        }
        if (!u.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw MlflowException.invalid("unsupported SQLite URI '" + uri + "': use sqlite:///relative.db or "
                    + "sqlite:////absolute/path.db (in-memory databases are not supported)");
        }
        String path = u.substring(PREFIX.length());
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        if (path.isEmpty() || path.equals(":memory:")) {
            throw MlflowException.invalid("unsupported SQLite URI '" + uri + "': in-memory databases are not "
                    + "supported; name a file such as sqlite:///mlflow.db");
        }
        try {
            return Paths.get(path).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw MlflowException.invalid("invalid SQLite URI '" + uri + "': " + e.getMessage());
        }
    }
}
