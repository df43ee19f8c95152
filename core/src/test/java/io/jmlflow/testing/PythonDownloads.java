package io.jmlflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What Python's {@code mlflow.artifacts.download_artifacts} gets from a run on a team server (with the S3 endpoint and
 * credentials in its environment): the SHA-256 of every file, by path under the downloaded folder.
 */
public final class PythonDownloads {
    private PythonDownloads() {
    }

    /** The files under {@code artifactPath} ("" for all) of {@code runId}, by relative path, as SHA-256. */
    public static Map<String, String> sha256s(MlflowServer server, String runId, String artifactPath) {
        return sha256sOf(server, "run_id=\"" + runId + "\", artifact_path=\"" + artifactPath + "\"");
    }

    /** The same for {@code download_artifacts(artifact_uri=uri)} (e.g. {@code models:/m-...}). */
    public static Map<String, String> sha256sOfUri(MlflowServer server, String artifactUri) {
        return sha256sOf(server, "artifact_uri=\"" + artifactUri + "\"");
    }

    private static Map<String, String> sha256sOf(MlflowServer server, String arguments) {
        JsonNode r = PythonMlflow.json(server.uri(), server.dir(), """
                import hashlib, json, os, tempfile, mlflow
                os.environ.update(%s)
                out = {}
                with tempfile.TemporaryDirectory() as d:
                    p = mlflow.artifacts.download_artifacts(%s, dst_path=d)
                    files = [p] if os.path.isfile(p) else [os.path.join(r, f) for r, _, fs in os.walk(p) for f in fs]
                    for f in files:
                        h = hashlib.sha256()
                        with open(f, "rb") as fh:
                            for chunk in iter(lambda: fh.read(1 << 20), b""):
                                h.update(chunk)
                        rel = os.path.basename(f) if os.path.isfile(p) else os.path.relpath(f, p)
                        out[rel.replace(os.sep, "/")] = h.hexdigest()
                print(json.dumps(out))
                """.formatted(PythonMlflow.dict(TeamServer.clientEnv()), arguments));
        Map<String, String> out = new TreeMap<>();
        r.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The SHA-256 of every file under a local folder, by '/'-separated relative path. */
    public static Map<String, String> local(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace(File.separatorChar, '/'), sha256(f));
            }
        }
        return out;
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
