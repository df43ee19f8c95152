package io.jmlflow.internal.artifacts.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.MlflowException;
import io.jmlflow.internal.artifacts.ArtifactPaths;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.internal.artifacts.ArtifactTreeDownload;
import io.jmlflow.internal.artifacts.upload.MultipartSettings;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.internal.store.rest.RestClient;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Artifacts proxied by an MLflow tracking server ({@code mlflow server --serve-artifacts}): the
 * {@code mlflow-artifacts:/...} URIs such a server hands out, and their resolved form
 * {@code http(s)://host[:port][/prefix]/api/2.0/mlflow-artifacts/artifacts/...}. Uploads stream from the file
 * ({@code PUT}); files from {@code MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE} (500 MiB) go in parts through the
 * server's multipart API when its artifact store has one ({@link ProxiedMultipartUpload}, resumable). Downloads stream
 * to disk ({@code GET}); files are never held in memory.
 */
public final class MlflowArtifactsRepository implements ArtifactRepository {
    public static final String SCHEME = "mlflow-artifacts";
    static final String SERVICE = "api/2.0/mlflow-artifacts/artifacts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;
    private final String root;

    /** Files under {@code rootPath} (relative to the server's artifact destination) on {@code client}'s server. */
    public MlflowArtifactsRepository(RestClient client, String rootPath) {
        this.client = client;
        this.root = normalizeRoot(rootPath);
    }

    /** True for {@code mlflow-artifacts:} URIs and http(s) URIs of the mlflow-artifacts service. */
    public static boolean handles(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SCHEME + ":")) return true;
        return (lower.startsWith("http://") || lower.startsWith("https://")) && lower.contains("/" + SERVICE);
    }

    /**
     * The repository for {@code artifactUri}. {@code mlflow-artifacts:/path} uses {@code tracking}'s server;
     * {@code mlflow-artifacts://host:port/path} the same scheme and path prefix on another host; an http(s) URI
     * the server it names. The tracking client's settings and credentials apply in every case, as in MLflow.
     */
    public static MlflowArtifactsRepository forUri(String artifactUri, RestClient tracking) {
        String uri = artifactUri.trim();
        if (uri.regionMatches(true, 0, SCHEME + ":", 0, SCHEME.length() + 1)) {
            String rest = uri.substring(SCHEME.length() + 1);
            if (rest.startsWith("//")) {
                int slash = rest.indexOf('/', 2);
                String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
                String path = slash < 0 ? "" : rest.substring(slash);
                if (!authority.isEmpty()) {
                    HttpUrl t = tracking.base();
                    String other = t.scheme() + "://" + authority + t.encodedPath();
                    RestClient c = other.equals(tracking.baseUri()) ? tracking : tracking.forBase(other);
                    return new MlflowArtifactsRepository(c, path);
                }
                return new MlflowArtifactsRepository(tracking, path);
            }
            return new MlflowArtifactsRepository(tracking, rest);
        }
        HttpUrl url = HttpUrl.parse(uri);
        if (url == null) throw MlflowException.invalid("not an artifact URI the tracking server serves: '" + uri + "'");
        String path = url.encodedPath();
        int at = path.indexOf("/" + SERVICE);
        if (at < 0) throw MlflowException.invalid("'" + uri + "' is not under /" + SERVICE);
        String prefix = path.substring(0, at);
        String base = url.scheme() + "://" + url.host() + ":" + url.port() + prefix;
        List<String> segments = url.newBuilder().encodedPath(path.substring(at + SERVICE.length() + 1)).build()
                .pathSegments();
        RestClient c = sameServer(tracking.base(), url, prefix) ? tracking : tracking.forBase(base);
        return new MlflowArtifactsRepository(c, String.join("/", segments));
    }

    private static boolean sameServer(HttpUrl a, HttpUrl b, String bPrefix) {
        String aPrefix = a.encodedPath().equals("/") ? "" : a.encodedPath();
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port()
                && aPrefix.equals(bPrefix);
    }

    /** The server path of this repository's root (relative to the artifact destination). */
    public String rootPath() { return root; }

    @Override
    public void logArtifact(Path localFile, String artifactPath) {
        String rel = ArtifactPaths.checkRelative(artifactPath);
        String name = localFile.getFileName().toString();
        upload(localFile, join(rel, name));
    }

    @Override
    public void logArtifacts(Path localDir, String artifactPath) {
        String rel = ArtifactPaths.checkRelative(artifactPath);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(localDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot read " + localDir + ": " + e, e);
        }
        for (Path f : files) {
            String sub = localDir.relativize(f).toString().replace('\\', '/');
            upload(f, join(rel, sub));
        }
    }

    private void upload(Path file, String relPath) {
        if (!Files.isRegularFile(file)) throw MlflowException.invalid("not a file: " + file);
        MultipartSettings mpu = MultipartSettings.fromConfig();
        try {
            if (mpu.proxyEnabled() && Files.size(file) >= mpu.proxyMinimumFileSize()) {
                String full = join(root, relPath);
                int slash = full.lastIndexOf('/');
                if (new ProxiedMultipartUpload(client, mpu).upload(file, slash < 0 ? "" : full.substring(0, slash),
                        full.substring(slash + 1))) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot read " + file + ": " + e, e);
        }
        String type = URLConnection.guessContentTypeFromName(file.getFileName().toString());
        RequestBody body = RequestBody.create(file.toFile(), MediaType.get(type == null ? "application/octet-stream" : type));
        Request request = new Request.Builder().url(fileUrl(relPath)).put(body).build();
        client.send(request).close();
    }

    @Override
    public List<FileInfo> listArtifacts(String path) {
        String rel = ArtifactPaths.checkRelative(path);
        ObjectNode query = JSON.createObjectNode().put("path", join(root, rel));
        JsonNode answer = client.call("GET", SERVICE, query);
        List<FileInfo> out = new ArrayList<>();
        for (JsonNode f : answer.path("files")) {
            String name = f.path("path").asText();
            // a listing entry is one name; refuse anything that would point elsewhere
            String safe = ArtifactPaths.checkRelative(name);
            if (safe.isEmpty() || safe.contains("/")) {
                throw new MlflowException(MlflowException.INTERNAL_ERROR, "server listed an unsafe artifact name '"
                        + name + "'");
            }
            boolean isDir = f.path("is_dir").asBoolean(false);
            Long size = isDir || !f.hasNonNull("file_size") ? null : f.get("file_size").asLong();
            out.add(new FileInfo(join(rel, safe), isDir, size));
        }
        // MLflow answers a listing of a single file with that file; callers expect no children
        if (out.size() == 1 && !out.get(0).isDir() && !rel.isEmpty() && out.get(0).path().equals(
                join(rel, rel.substring(rel.lastIndexOf('/') + 1)))) {
            return List.of();
        }
        out.sort(Comparator.comparing(FileInfo::path));
        return out;
    }

    @Override
    public Path downloadArtifacts(String path, Path destDir) {
        return ArtifactTreeDownload.download(this, path, destDir, this::fetchFile);
    }

    private void fetchFile(String relPath, Path file) throws IOException {
        Request request = new Request.Builder().url(fileUrl(relPath)).get().build();
        try (Response response = client.send(request)) {
            ResponseBody body = response.body();
            long written;
            try (InputStream in = body == null ? InputStream.nullInputStream() : body.byteStream()) {
                written = Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            long expected = body == null ? 0 : body.contentLength();
            if (expected >= 0 && written != expected) {
                throw new MlflowHttpException(MlflowException.IO_ERROR, "download of artifact '" + relPath
                        + "' ended after " + written + " of " + expected + " bytes", 0);
            }
        }
    }

    private HttpUrl fileUrl(String relPath) {
        HttpUrl.Builder b = client.url(SERVICE);
        String full = join(root, ArtifactPaths.checkRelative(relPath));
        for (String segment : full.split("/")) {
            if (!segment.isEmpty()) b.addPathSegment(segment);
        }
        return b.build();
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a + "/" + b;
    }

    private static String normalizeRoot(String rootPath) {
        if (rootPath == null) return "";
        String p = rootPath.replace('\\', '/');
        while (p.startsWith("/")) p = p.substring(1);
        // the root comes from the server; refuse one that climbs out of its artifact destination
        return p.isEmpty() ? "" : ArtifactPaths.checkRelative(p);
    }

    @Override
    public String toString() {
        return "MlflowArtifactsRepository[" + client.baseUri() + "/" + SERVICE + "/" + root + "]";
    }
}
