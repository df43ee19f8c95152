package io.jmlflow.internal.store;

import io.jmlflow.MlflowException;

import java.util.Locale;

/** Opens the {@link TrackingStore} for a tracking URI. */
public final class Stores {
    private Stores() {
    }

    /**
     * {@code sqlite:///rel.db} and {@code sqlite:////abs.db}: {@code SqliteStore}; {@code file:} URIs and plain
     * paths: {@code FileStore}; {@code http(s)://}: {@code RestStore}.
     */
    /** True for a SQLite or file store URI ({@code sqlite:...}, {@code file:...}). */
    public static boolean isLocal(String trackingUri) {
        String lower = trackingUri.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("sqlite:") || lower.startsWith("file:");
    }

    public static TrackingStore open(String trackingUri) {
        io.jmlflow.internal.Log.init();
        io.jmlflow.internal.Redaction.remember(trackingUri);
        String uri = trackingUri.trim();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:")) {
            io.jmlflow.internal.Log.quietSlf4jForLibraries();
            return io.jmlflow.internal.store.sqlite.SqliteStore.open(uri);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) return io.jmlflow.internal.store.rest.RestStore.open(uri);
        if (lower.startsWith("file:") || !lower.matches("^[a-z][a-z0-9+.-]+:.*")) {
            return io.jmlflow.internal.store.file.FileStore.open(uri);
        }
        throw new MlflowException(MlflowException.INVALID_PARAMETER_VALUE, "unsupported tracking URI '" + uri
                + "' (use sqlite:///mlflow.db, file:./mlruns, a local path, or http(s)://host:port)");
    }
}
