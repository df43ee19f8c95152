package io.jmlflow.teamserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.TeamServer;

import java.util.Map;
import java.util.TreeMap;

/**
 * What Python's {@code mlflow.artifacts.download_artifacts} gets from a run on a team server (with the S3 endpoint and
 * credentials in its environment): the SHA-256 of every file, by path under the downloaded folder.
 */
final class PythonDownloads {
    private PythonDownloads() {
    }

    /** The files under {@code artifactPath} ("" for all) of {@code runId}, by relative path, as SHA-256. */
    static Map<String, String> sha256s(MlflowServer server, String runId, String artifactPath) {
        return sha256sOf(server, "run_id=\"" + runId + "\", artifact_path=\"" + artifactPath + "\"");
    }

    /** The same for {@code download_artifacts(artifact_uri=uri)} (e.g. {@code models:/m-...}). */
    static Map<String, String> sha256sOfUri(MlflowServer server, String artifactUri) {
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
                """.formatted(TeamServerSetUpTest.pythonDict(TeamServer.clientEnv()), arguments));
        Map<String, String> out = new TreeMap<>();
        r.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
