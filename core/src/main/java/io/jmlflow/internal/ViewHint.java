package io.jmlflow.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** How to look at a run: the exact command or URL for the store it went to. */
public final class ViewHint {
    private ViewHint() {
    }

    public static String forRun(String trackingUri, String experimentId, String runId) {
        String uri = trackingUri.trim();
        String lower = uri.toLowerCase(Locale.ROOT);
        String page = "/#/experiments/" + experimentId + "/runs/" + runId;
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return "open " + stripSlash(uri) + page;
        }
        if (lower.startsWith("sqlite:")) {
            if (isDefaultDatabase(uri)) return "mlflow ui, then open http://127.0.0.1:5000" + page;
            return "mlflow ui --backend-store-uri " + uri + ", then open http://127.0.0.1:5000" + page;
        }
        return "MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri " + uri
                + ", then open http://127.0.0.1:5000" + page;
    }

    /** True for {@code sqlite:///mlflow.db} naming the working directory's {@code mlflow.db}. */
    static boolean isDefaultDatabase(String uri) {
        if (!uri.startsWith("sqlite:///")) return false;
        String path = uri.substring("sqlite:///".length());
        Path p = Paths.get(path).toAbsolutePath().normalize();
        return p.equals(Paths.get("mlflow.db").toAbsolutePath().normalize());
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
