package io.jmlflow.internal.store;

import io.jmlflow.MlflowException;

import java.util.Locale;

/** Opens the {@link TrackingStore} for a tracking URI. */
public final class Stores {
    private Stores() {
    }

    /** What a tracking URI may be, for messages. */
    static final String SUPPORTED = "sqlite:///mlflow.db (a SQLite file, MLflow's default), file:./mlruns or a "
            + "folder path (a file store), and http(s)://host:port (a tracking server)";

    /** True for a SQLite or file store URI ({@code sqlite:...}, {@code file:...}). */
    public static boolean isLocal(String trackingUri) {
        String lower = trackingUri.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("sqlite:") || lower.startsWith("file:");
    }

    /** True for a tracking server's URI ({@code http(s)://...}): a store reached over the network. */
    public static boolean isRemote(String trackingUri) {
        String lower = trackingUri.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * {@code sqlite:///rel.db} and {@code sqlite:////abs.db}: {@code SqliteStore}; {@code file:} URIs and plain
     * paths: {@code FileStore}; {@code http(s)://}: {@code RestStore}. Anything else (Databricks, another database,
     * a {@code file:} without a folder) throws {@code INVALID_PARAMETER_VALUE} naming what is supported.
     */
    public static TrackingStore open(String trackingUri) {
        io.jmlflow.internal.Log.init();
        io.jmlflow.internal.Redaction.remember(trackingUri);
        String uri = trackingUri.trim();
        String lower = uri.toLowerCase(Locale.ROOT);
        String refused = refusal(lower);
        if (refused != null) {
            throw new MlflowException(MlflowException.INVALID_PARAMETER_VALUE, "unsupported tracking URI '"
                    + io.jmlflow.internal.Redaction.uri(uri) + "': " + refused + "; jmlflow supports " + SUPPORTED);
        }
        if (lower.startsWith("sqlite:")) {
            io.jmlflow.internal.Log.quietSlf4jForLibraries();
            return io.jmlflow.internal.store.sqlite.SqliteStore.open(uri);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) return io.jmlflow.internal.store.rest.RestStore.open(uri);
        return io.jmlflow.internal.store.file.FileStore.open(uri);
    }

    /** Why a tracking URI is not one jmlflow can open (as Python MLflow refuses it too), or null. */
    private static String refusal(String lower) {
        if (lower.isEmpty()) return "it is empty";
        if (lower.equals("databricks") || lower.equals("databricks-uc") || lower.equals("uc")
                || lower.startsWith("databricks:") || lower.startsWith("databricks-uc:") || lower.startsWith("uc:")) {
            return "Databricks and Unity Catalog tracking are not supported";
        }
        if (lower.equals("file:") || lower.equals("file://")) {
            return "a file: URI needs a folder (file:./mlruns)";
        }
        if (lower.startsWith("sqlite:") || lower.startsWith("http://") || lower.startsWith("https://")
                || lower.startsWith("file:") || !io.jmlflow.internal.UriScheme.present(lower)) {
            return null;
        }
        return "the scheme '" + lower.substring(0, lower.indexOf(':')) + "' is not supported";
    }
}
