package io.jmlflow.teamserver;

import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.testing.PythonDownloads;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.TeamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertEquals(Map.of("weights.bin", LargeFiles.sha256(file)),
                PythonDownloads.sha256s(server, runId, "model/data/weights.bin"));
        try (Stream<Path> left = Files.list(dir.resolve("uploads"))) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".journal")).toList(),
                    "a completed upload leaves no journal");
        }
    }

    @Test
    void anUploadInterruptedByACrashResumesWhereItStopped() throws Exception {
        MlflowServer server = TeamServer.proxied();
        Path big = LargeFiles.random(dir.resolve("big.bin"), 40L << 20);
        Path state = dir.resolve("child-uploads");
        String runId;
        try (MlflowClient client = new MlflowClient(server.uri())) {
            runId = client.createRun("0").info().runId();
        }
        long created = ServerLogs.count(server, "mpu/create/");
        Map<String, String> env = Map.of("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", Long.toString(5L << 20),
                "MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", Long.toString(8L << 20),
                "MLFLOW_MULTIPART_UPLOAD_PARALLELISM", "1");
        Process first = UploadJvm.program(server.uri(), runId, big, "data", state, env).start();
        UploadJvm.awaitParts(first, state, 2, 120_000);
        UploadJvm.kill(first);
        int before = UploadJvm.partsRecorded(state);
        assertTrue(before >= 2 && before < 8, "killed mid-way: " + before + " of 8 parts");

        JavaProcess.Result second = UploadJvm.program(server.uri(), runId, big, "data", state, env).run(300);
        assertEquals(0, second.exitCode(), second.describe());
        assertTrue((second.stderr() + second.stdout()).matches(
                "(?s).*resuming the upload of big\\.bin: [2-7] of 8 parts were uploaded before.*"), second.describe());
        assertEquals(created + 1, ServerLogs.count(server, "mpu/create/"), "one upload, created once and resumed");
        assertEquals(Map.of("big.bin", LargeFiles.sha256(big)), PythonDownloads.sha256s(server, runId, "data/big.bin"));
        assertEquals(0, UploadJvm.partsRecorded(state), "the journal is gone once the upload completed");
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
        assertEquals(Map.of("weights.bin", LargeFiles.sha256(file)), PythonDownloads.sha256s(server, runId, "weights.bin"));
    }
}
