package io.jmlflow.teamserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.testing.PythonDownloads;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.TeamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server started with {@code --no-serve-artifacts --default-artifact-root s3://...} hands out {@code s3://}
 * locations: the client writes there itself with the AWS SDK (endpoint from {@code MLFLOW_S3_ENDPOINT_URL}, credentials
 * from the environment), and Python's {@code download_artifacts} reads the same bytes.
 */
class DirectS3ArtifactsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reachS3() {
        TeamServer.clientEnv().forEach((k, v) -> {
            if (k.startsWith("AWS_")) System.setProperty(awsProperty(k), v);
        });
        MlflowConfig.set("s3.endpoint.url", TeamServer.s3().endpoint());
        MlflowConfig.set("multipart.upload.chunk.size", Long.toString(5L << 20));
        MlflowConfig.set("multipart.upload.state.dir", dir.resolve("uploads").toString());
    }

    @AfterEach
    void forget() {
        for (String k : List.of("s3.endpoint.url", "multipart.upload.chunk.size", "multipart.upload.state.dir",
                "s3.upload.extra.args")) {
            MlflowConfig.set(k, null);
        }
        for (String k : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) System.clearProperty(k);
    }

    /** The SDK's system property for an AWS environment variable. */
    private static String awsProperty(String env) {
        return switch (env) {
            case "AWS_ACCESS_KEY_ID" -> "aws.accessKeyId";
            case "AWS_SECRET_ACCESS_KEY" -> "aws.secretAccessKey";
            default -> "aws.region";
        };
    }

    @Test
    void filesFoldersAndALargeFileGoStraightToS3AndPythonReadsTheSameBytes() throws Exception {
        MlflowServer server = TeamServer.direct();
        Path bundle = Files.createDirectories(dir.resolve("bundle/sub"));
        Files.writeString(bundle.getParent().resolve("notes.txt"), "hello from the JVM\n");
        Files.writeString(bundle.resolve("conf.json"), "{\"a\": 1}");
        Path big = LargeFiles.random(dir.resolve("weights.bin"), (23L << 20) + 7);
        String runId;
        Map<String, String> javaSide = new TreeMap<>();
        try (MlflowClient client = new MlflowClient(server.uri())) {
            var run = client.createRun("0");
            runId = run.info().runId();
            assertTrue(run.info().artifactUri().startsWith("s3://" + TeamServer.BUCKET + "/direct/"),
                    run.info().artifactUri());
            client.logArtifacts(runId, dir.resolve("bundle"), "bundle");
            client.logArtifact(runId, big, "model");
            assertEquals(List.of("bundle/notes.txt", "bundle/sub"), client.listArtifacts(runId, "bundle").stream()
                    .map(FileInfo::path).toList());
            assertEquals(List.of(), client.listArtifacts(runId, "model/weights.bin"), "a file has no children");
            Path back = client.downloadArtifacts(runId, "", dir.resolve("java-download"));
            try (Stream<Path> files = Files.walk(back)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    javaSide.put(back.relativize(f).toString().replace(File.separatorChar, '/'), LargeFiles.sha256(f));
                }
            }
        }
        Map<String, String> expected = new TreeMap<>(Map.of(
                "bundle/notes.txt", LargeFiles.sha256(dir.resolve("bundle/notes.txt")),
                "bundle/sub/conf.json", LargeFiles.sha256(bundle.resolve("conf.json")),
                "model/weights.bin", LargeFiles.sha256(big)));
        assertEquals(expected, PythonDownloads.sha256s(server, runId, ""), "what Python downloads");
        assertEquals(expected, javaSide, "what this client downloads");
        assertFalse(ServerLogs.contains(server, "mlflow-artifacts"), "no artifact went through the server");
    }

    @Test
    void mlflowsUploadArgumentsAreSetOnEveryObject() throws Exception {
        MlflowConfig.set("s3.upload.extra.args", "{\"ServerSideEncryption\": \"AES256\", \"CacheControl\": \"no-cache\","
                + " \"Metadata\": {\"team\": \"vision\"}}");
        MlflowServer server = TeamServer.direct();
        Path small = Files.writeString(dir.resolve("small.txt"), "x");
        Path big = LargeFiles.random(dir.resolve("big.bin"), 11L << 20);
        String uri;
        try (MlflowClient client = new MlflowClient(server.uri())) {
            var run = client.createRun("0");
            client.logArtifact(run.info().runId(), small, null);
            client.logArtifact(run.info().runId(), big, null);
            uri = run.info().artifactUri();
        }
        JsonNode heads = PythonMlflow.json(server.uri(), dir, """
                import json, os, boto3
                os.environ.update(%s)
                s3 = boto3.client("s3", endpoint_url=os.environ["MLFLOW_S3_ENDPOINT_URL"])
                prefix = "%s".split("/", 3)[3]
                out = {}
                for name in ["small.txt", "big.bin"]:
                    h = s3.head_object(Bucket="%s", Key=prefix + "/" + name)
                    out[name] = {"sse": h.get("ServerSideEncryption"), "cache": h.get("CacheControl"),
                                 "meta": h.get("Metadata"), "type": h.get("ContentType")}
                print(json.dumps(out))
                """.formatted(PythonMlflow.dict(TeamServer.clientEnv()), uri, TeamServer.BUCKET));
        for (String name : List.of("small.txt", "big.bin")) {
            JsonNode h = heads.get(name);
            assertEquals("AES256", h.get("sse").asText(), name + ": " + h);
            assertEquals("no-cache", h.get("cache").asText(), name + ": " + h);
            assertEquals("vision", h.get("meta").get("team").asText(), name + ": " + h);
        }
        assertEquals("text/plain", heads.get("small.txt").get("type").asText(), "content type from the file name");
    }

    @Test
    void anInterruptedUploadResumesWithThePartsTheStoreDoesNotHave() throws Exception {
        MlflowServer server = TeamServer.direct();
        Path big = LargeFiles.random(dir.resolve("big.bin"), 40L << 20);
        Path state = dir.resolve("child-uploads");
        String runId;
        try (MlflowClient client = new MlflowClient(server.uri())) {
            runId = client.createRun("0").info().runId();
        }
        Map<String, String> env = Map.of("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", Long.toString(5L << 20),
                "MLFLOW_MULTIPART_UPLOAD_PARALLELISM", "1");
        Process first = UploadJvm.program(server.uri(), runId, big, null, state, env).start();
        UploadJvm.awaitParts(first, state, 2, 120_000);
        UploadJvm.kill(first);
        int before = UploadJvm.partsRecorded(state);
        assertTrue(before >= 2 && before < 8, "killed mid-way: " + before + " of 8 parts");

        JavaProcess.Result second = UploadJvm.program(server.uri(), runId, big, null, state, env).run(300);
        assertEquals(0, second.exitCode(), second.describe());
        String resumed = second.stderr() + second.stdout();
        assertTrue(resumed.matches("(?s).*resuming the upload of big\\.bin: [2-7] of 8 parts were uploaded before.*"),
                resumed);
        assertEquals(Map.of("big.bin", LargeFiles.sha256(big)), PythonDownloads.sha256s(server, runId, "big.bin"));
        assertEquals(0, UploadJvm.partsRecorded(state), "the journal is gone once the upload completed");
    }

    @Test
    void theSdkIsLoadedOnlyWhenAnS3LocationAppearsAndItsAbsenceSaysWhatToAdd() throws Exception {
        MlflowServer proxied = TeamServer.proxied();
        MlflowServer direct = TeamServer.direct();
        Path file = Files.writeString(dir.resolve("f.txt"), "f");
        String proxiedRun;
        String directRun;
        try (MlflowClient p = new MlflowClient(proxied.uri()); MlflowClient d = new MlflowClient(direct.uri())) {
            proxiedRun = p.createRun("0").info().runId();
            directRun = d.createRun("0").info().runId();
        }
        JavaProcess.Result withSdk = probe(proxied, proxiedRun, direct, directRun, file, null);
        String out = withSdk.stdout();
        int done = out.indexOf("PROXIED_DONE");
        assertTrue(done > 0 && out.contains("DIRECT_DONE"), withSdk.describe());
        assertFalse(out.substring(0, done).contains("software.amazon.awssdk"), "no SDK class before an s3:// location");
        assertTrue(out.substring(done).contains("software.amazon.awssdk.services.s3.S3Client "), "loaded for it");

        String withoutSdk = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("/software/amazon/")).collect(Collectors.joining(File.pathSeparator));
        JavaProcess.Result missing = probe(proxied, proxiedRun, direct, directRun, file, withoutSdk);
        assertEquals(0, missing.exitCode(), missing.describe());
        assertTrue(missing.stdout().contains("DIRECT_FAILED artifact location 's3://" + TeamServer.BUCKET + "/direct/")
                && missing.stdout().contains("add software.amazon.awssdk:s3"), missing.describe());
    }

    private static JavaProcess.Result probe(MlflowServer proxied, String proxiedRun, MlflowServer direct,
                                            String directRun, Path file, String classPath) {
        JavaProcess p = JavaProcess.main(S3ProbeProgram.class, proxied.uri(), proxiedRun, direct.uri(), directRun,
                file.toString()).jvmArg("-verbose:class");
        if (classPath != null) p.classpath(classPath);
        TeamServer.clientEnv().forEach(p::env);
        JavaProcess.Result r = p.run(120);
        if (r.exitCode() != 0) throw new AssertionError(r.describe());
        return r;
    }
}
