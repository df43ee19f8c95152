package io.jmlflow.internal;

import io.jmlflow.internal.store.file.FileStore;
import io.jmlflow.internal.store.sqlite.SqliteStore;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which store a tracking URI names, whatever its spelling and the working directory: for SQLite and the file store
 * the canonical absolute path of the database or root ({@code sqlite:///mlflow.db} in two project folders are two
 * stores); for a tracking server its scheme, host, port and path (never credentials). The spool keeps one folder per
 * identity, and replays it through {@link #replayUri}, which names the same store from any working directory.
 *
 * @param key       the identity, e.g. {@code sqlite:/home/ada/project/mlflow.db} or {@code http://127.0.0.1:5000}
 * @param replayUri a tracking URI for the same store that does not depend on the working directory
 */
public record StoreIdentity(String key, String replayUri) {

    /** The identity of the store {@code trackingUri} names. */
    public static StoreIdentity of(String trackingUri) {
        String uri = trackingUri.trim();
        String lower = uri.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("sqlite:")) {
                Path file = canonical(SqliteStore.databasePath(uri));
                return new StoreIdentity("sqlite:" + file, "sqlite:///" + file);
            }
            if (lower.startsWith("http://") || lower.startsWith("https://")) return ofServer(uri);
            if (lower.startsWith("file:") || !UriScheme.present(lower)) {
                Path root = canonical(FileStore.rootPath(uri));
                return new StoreIdentity("file:" + root, root.toUri().toString());
            }
        } catch (RuntimeException e) {
            // an unusable URI still gets a folder of its own below
        }
        String clean = Redaction.withoutCredentials(uri);
        return new StoreIdentity(clean, clean);
    }

    private static StoreIdentity ofServer(String uri) {
        URI u = URI.create(Redaction.withoutCredentials(uri));
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        String key = scheme + "://" + host + ":" + port + path;
        return new StoreIdentity(key, key);
    }

    /** The real path when the file or its folder exists (symbolic links resolved), else the normalized absolute one. */
    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) return abs.toRealPath();
            Path parent = abs.getParent();
            if (parent != null && Files.exists(parent)) return parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException | RuntimeException e) {
            // keep the normalized path
        }
        return abs;
    }

    /** {@code key} with each run of characters other than letters, digits, '.' and '-' made one '_'. */
    static String readable(String key) {
        StringBuilder out = new StringBuilder(key.length());
        boolean inRun = false;
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            boolean plain = ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '.' || ch == '-';
            if (plain) out.append(ch);
            else if (!inRun) out.append('_');
            inRun = !plain;
        }
        return out.toString();
    }

    /** The spool folder name: a readable part and a hash of the identity. */
    public String folderName() {
        String readable = readable(key);
        if (readable.length() > 60) readable = readable.substring(readable.length() - 60);
        byte[] h = Sha256.of(key.getBytes(StandardCharsets.UTF_8));
        return readable + '-' + java.util.HexFormat.of().formatHex(h, 0, 6);
    }
}
