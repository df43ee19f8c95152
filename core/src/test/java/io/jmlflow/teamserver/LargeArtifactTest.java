package io.jmlflow.teamserver;

import io.jmlflow.MlflowClient;
import io.jmlflow.testing.PythonDownloads;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.TeamServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 1 GiB artifact through a team server (proxied, PostgreSQL, 4 workers, S3 behind it) with the defaults a user has
 * (500 MiB threshold, 10 MiB parts, 4 at once, MLflow's retries): it goes in 103 parts with a heap bounded to 64 MiB
 * over the JVM's idle heap ({@code -Xmx}), survives a crash of the uploading JVM (the next one resumes) and of the
 * server (killed mid-way, restarted: the upload completes), and Python downloads the same bytes.
 *
 * <p>Costs about 1 GiB of temp disk for the file plus about 3 GiB while the S3 store and the server hold their copies,
 * and about 2 minutes.
 */
class LargeArtifactTest {
    private static final long SIZE = 1L << 30;
    private static final int PARTS = 103;
    private static final long BOUND = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void aGigabyteGoesInPartsWithBoundedHeapAndResumesAfterTheUploaderAndTheServerAreKilled() throws Exception {
        long t0 = System.nanoTime();
        MlflowServer server = TeamServer.privateProxied("large_artifact");
        phase(t0, "server started");
        try {
            Path big = LargeFiles.random(dir.resolve("big.bin"), SIZE);
            String sha = LargeFiles.sha256(big);
            phase(t0, "file written");
            Path state = dir.resolve("uploads");
            String runId;
            try (MlflowClient client = new MlflowClient(server.uri())) {
                runId = client.createRun("0").info().runId();
            }
            long idle = UploadJvm.idleHeap(UploadJvm.program(server.uri(), runId, big, "model", state, Map.of(),
                    "--idle"));
            String xmx = "-Xmx" + ((idle + BOUND) >> 20) + "m";

            // the uploading JVM dies a fifth of the way, and the server with it
            Process first = UploadJvm.program(server.uri(), runId, big, "model", state, Map.of()).jvmArg(xmx).start();
            UploadJvm.awaitParts(first, state, PARTS / 5, 300_000);
            UploadJvm.kill(first);
            server.kill();
            phase(t0, "uploader and server killed at " + UploadJvm.partsRecorded(state) + " parts");
            server.startAgain();
            phase(t0, "server restarted");

            // the next JVM resumes; the server dies again when it is past half, and comes back after a while
            JavaProcess second = UploadJvm.program(server.uri(), runId, big, "model", state, Map.of()).jvmArg(xmx);
            CompletableFuture<JavaProcess.Result> done = CompletableFuture.supplyAsync(() -> second.run(900));
            long deadline = System.currentTimeMillis() + 300_000;
            while (UploadJvm.partsRecorded(state) < PARTS * 6 / 10 && !done.isDone()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            server.kill();
            phase(t0, "server killed at " + UploadJvm.partsRecorded(state) + " parts");
            Thread.sleep(5000);
            server.startAgain();
            phase(t0, "server restarted");
            JavaProcess.Result r = done.get();
            phase(t0, "upload done");

            assertEquals(0, r.exitCode(), "uploaded within " + xmx + " (idle heap " + (idle >> 20) + " MiB + 64 MiB): "
                    + r.describe());
            assertTrue(r.stdout().contains("UPLOADED"), r.describe());
            Matcher resumed = Pattern.compile("resuming the upload of big\\.bin: (\\d+) of " + PARTS + " parts")
                    .matcher(r.stderr() + r.stdout());
            assertTrue(resumed.find(), r.describe());
            assertTrue(Integer.parseInt(resumed.group(1)) >= PARTS / 5, "the parts sent before the crash count");
            assertEquals(1, ServerLogs.count(server, "mpu/create/"), "one multipart upload, resumed, never restarted");
            long partPuts = TeamServer.s3().requests("PUT /" + TeamServer.BUCKET + "/large_artifact/", "big.bin",
                    "partNumber=");
            assertTrue(partPuts <= PARTS + 4, "each part sent once, but those in flight at the crash: " + partPuts);
            assertEquals(Map.of("big.bin", sha), PythonDownloads.sha256s(server, runId, "model/big.bin"),
                    "Python downloads the same gigabyte");
            phase(t0, "Python downloaded");
        } finally {
            server.stop();
        }
    }

    private static void phase(long t0, String what) {
        System.out.printf("[large artifact] %5.1f s %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
