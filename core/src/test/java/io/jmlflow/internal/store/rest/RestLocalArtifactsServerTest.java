package io.jmlflow.internal.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.internal.artifacts.LocalArtifactRepository;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server started without --serve-artifacts hands out local artifact paths, which client and server share. */
class RestLocalArtifactsServerTest {
    @TempDir
    static Path dir;
    private static MlflowServer server;

    @BeforeAll
    static void start() {
        server = MlflowServer.start(dir.resolve("server"), false);
    }

    @AfterAll
    static void stop() {
        server.stop();
        assertEquals(List.of(), server.leftoverPids());
    }

    @Test
    void localArtifactLocationsAreWrittenDirectly() throws Exception {
        RestStore store = RestStore.open(server.uri(), RestSettings.defaults().withRetries(2, 1, 0));
        String exp = store.createExperiment("local-artifacts", null, List.of());
        Run run = store.createRun(exp, "u", 1, List.of(), "r");
        String uri = run.info().artifactUri();
        assertTrue(uri.startsWith(server.artifactsDir().toString()) || uri.startsWith("file:"), uri);
        ArtifactRepository repo = store.artifactRepository(uri);
        assertInstanceOf(LocalArtifactRepository.class, repo);
        Path f = Files.writeString(dir.resolve("hello.txt"), "hi");
        repo.logArtifact(f, "out");

        JsonNode py = PythonMlflow.json(server.uri(), dir, """
                import json, mlflow
                p = mlflow.artifacts.download_artifacts(run_id="%s", artifact_path="out/hello.txt")
                print(json.dumps({"text": open(p).read()}))
                """.formatted(run.runId()));
        assertEquals("hi", py.get("text").asText());
    }
}
