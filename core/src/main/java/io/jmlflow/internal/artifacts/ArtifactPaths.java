package io.jmlflow.internal.artifacts;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Checks and converts artifact paths and local URIs. */
public final class ArtifactPaths {
    private ArtifactPaths() {
    }

    /**
     * Normalizes a relative artifact path ('/'-separated, no leading '/'), or returns "" for null/empty.
     * Refuses absolute paths and any '..' component, the way MLflow's {@code validate_path_is_safe} does.
     */
    public static String checkRelative(String path) {
        if (path == null || path.isEmpty() || path.equals(".")) return "";
        String p = path.replace('\\', '/');
        if (p.startsWith("/") || startsWithDriveLetter(p)) {
            throw new IllegalArgumentException("artifact path '" + path + "' must be relative to the artifact root");
        }
        StringBuilder out = new StringBuilder();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                throw new IllegalArgumentException("artifact path '" + path + "' would escape the artifact root");
            }
            if (out.length() > 0) out.append('/');
            out.append(part);
        }
        return out.toString();
    }

    private static boolean startsWithDriveLetter(String p) {
        if (p.length() < 2 || p.charAt(1) != ':') return false;
        char c = p.charAt(0);
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** Resolves a relative artifact path under a local root, refusing anything that would leave it. */
    public static Path resolveUnder(Path root, String relative) {
        String rel = checkRelative(relative);
        Path r = root.toAbsolutePath().normalize();
        Path resolved = rel.isEmpty() ? r : r.resolve(rel).normalize();
        if (!resolved.startsWith(r)) {
            throw new IllegalArgumentException("artifact path '" + relative + "' would escape the artifact root");
        }
        return resolved;
    }

    /** The local path of a {@code file:} URI or plain path. */
    public static Path localPath(String uri) {
        if (uri.startsWith("file:")) {
            if (uri.startsWith("file:///") || uri.startsWith("file:/")) return Paths.get(URI.create(uri.replace(" ", "%20")));
            return Paths.get(uri.substring("file:".length()));
        }
        return Paths.get(uri);
    }

    /** A {@code file://} URI for a local path, the form MLflow writes into {@code artifact_location}. */
    public static String fileUri(Path path) {
        String s = path.toAbsolutePath().normalize().toUri().toString();
        // Path.toUri gives file:/// for absolute paths; strip a trailing slash that directories get.
        return s.endsWith("/") && s.length() > "file:///".length() ? s.substring(0, s.length() - 1) : s;
    }

    /** Joins a root URI and a relative path with '/'. */
    public static String join(String rootUri, String relative) {
        String rel = checkRelative(relative);
        if (rel.isEmpty()) return rootUri;
        if (rootUri == null || rootUri.isEmpty()) return rel;
        return rootUri.endsWith("/") ? rootUri + rel : rootUri + "/" + rel;
    }
}
