package io.jmlflow.teamserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.TeamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large files through the tracking server's multipart upload API (parts straight to the S3-compatible store behind a
 * server with 4 workers on PostgreSQL), read back by Python's {@code mlflow.artifacts.download_artifacts}; and a server
 * whose artifact store has no multipart API, which takes the file in one request.
 */
class ProxiedMultipartTest {
    @TempDir
    Path dir;

    @BeforeEach
    void smallParts() {
        MlflowConfig.set("multipart.upload.minimum.file.size", Long.toString(8L << 20));
        MlflowConfig.set("multipart.upload.chunk.size", Long.toString(5L << 20));
        MlflowConfig.set("multipart.upload.state.dir", dir.resolve("uploads").toString());
    }

    @AfterEach
    void defaults() {
        for (String k : List.of("multipart.upload.minimum.file.size", "multipart.upload.chunk.size",
                "multipart.upload.state.dir")) {
            MlflowConfig.set(k, null);
        }
    }

    @Test
    void aLargeFileGoesInPartsToTheStoreAndPythonReadsTheSameBytes() throws Exception {
        MlflowServer server = TeamServer.proxied();
        Path file = LargeFiles.random(dir.resolve("weights.bin"), (23L << 20) + 12345);
        String runId;
        try (MlflowClient client = new MlflowClient(server.uri())) {
            runId = client.createRun("0").info().runId();
            client.logArtifact(runId, file, "model/data");
        }
        assertTrue(ServerLogs.contains(server, "POST /api/2.0/mlflow-artifacts/mpu/create/"), "multipart upload created");
        assertTrue(ServerLogs.contains(server, "POST /api/2.0/mlflow-artifacts/mpu/complete/"), "and completed");
        assertEquals(LargeFiles.sha256(file), pythonSha256(server, runId, "model/data/weights.bin"));
        try (Stream<Path> left = Files.list(dir.resolve("uploads"))) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".journal")).toList(),
                    "a completed upload leaves no journal");
        }
    }

    @Test
    void aServerWhoseStoreHasNoMultipartTakesTheFileInOneRequest() throws Exception {
        MlflowServer server = MlflowServer.shared();
        Path file = LargeFiles.random(dir.resolve("weights.bin"), 9L << 20);
        String runId;
        try (MlflowClient client = new MlflowClient(server.uri())) {
            runId = client.createRun("0").info().runId();
            client.logArtifact(runId, file, null);
        }
        assertEquals(LargeFiles.sha256(file), pythonSha256(server, runId, "weights.bin"));
    }

    static String pythonSha256(MlflowServer server, String runId, String path) {
        JsonNode r = PythonMlflow.json(server.uri(), server.dir(), """
                import hashlib, json, os, tempfile, mlflow
                os.environ.update(%s)
                with tempfile.TemporaryDirectory() as d:
                    p = mlflow.artifacts.download_artifacts(run_id="%s", artifact_path="%s", dst_path=d)
                    h = hashlib.sha256()
                    with open(p, "rb") as f:
                        for chunk in iter(lambda: f.read(1 << 20), b""):
                            h.update(chunk)
                print(json.dumps({"sha256": h.hexdigest()}))
                """.formatted(TeamServerSetUpTest.pythonDict(TeamServer.clientEnv()), runId, path));
        return r.get("sha256").asText();
    }
}
