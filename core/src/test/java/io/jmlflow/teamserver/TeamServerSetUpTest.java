package io.jmlflow.teamserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PostgresCluster;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The team set-up the suite starts by itself: a PostgreSQL cluster as an unprivileged user, the S3-compatible store,
 * MLflow's server with 4 workers on both; all gone after stopping (processes, ports, folders).
 */
class TeamServerSetUpTest {
    @TempDir
    Path dir;

    @Test
    void postgresAndS3BackAServerWithFourWorkersAndLeaveNothingBehind() throws Exception {
        PostgresCluster pg = PostgresCluster.start();
        S3Server s3 = S3Server.start();
        MlflowServer server = null;
        try {
            assertTrue(pg.isRunning());
            String owner = Files.getOwner(pg.dir().resolve("pg/data")).getName();
            assertFalse(owner.equals("root"), "PostgreSQL refuses root; the cluster belongs to " + owner);
            s3.createBucket("team");
            Map<String, String> env = new HashMap<>(s3.clientEnv());
            server = MlflowServer.builder(dir).backendStoreUri(pg.createDatabase("setup")).workers(4)
                    .serveArtifacts("s3://team/artifacts").env(env).start();
            assertTrue(server.leftoverPids().size() >= 5, "the server, uvicorn and its 4 workers: "
                    + server.leftoverPids());

            JsonNode r = PythonMlflow.json(server.uri(), dir, """
                    import json, os, mlflow
                    from mlflow import MlflowClient
                    from sqlalchemy import create_engine, text
                    os.environ.update(%s)
                    with mlflow.start_run() as run:
                        mlflow.log_param("p", "v")
                        mlflow.log_text("hello", "notes/hello.txt")
                    back = mlflow.artifacts.load_text(run.info.artifact_uri + "/notes/hello.txt")
                    import boto3
                    s3 = boto3.client("s3", endpoint_url=os.environ["MLFLOW_S3_ENDPOINT_URL"])
                    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="team")["Contents"]]
                    with create_engine("%s").connect() as c:
                        dialect = c.dialect.name
                        runs = c.execute(text("select count(*) from runs")).scalar()
                    print(json.dumps({"uri": run.info.artifact_uri, "text": back, "keys": keys, "dialect": dialect,
                                      "runs": runs}))
                    """.formatted(PythonMlflow.dict(s3.clientEnv()), server.backendStoreUri()));
            assertTrue(r.get("uri").asText().startsWith("mlflow-artifacts:/"), r.toString());
            assertEquals("hello", r.get("text").asText());
            assertTrue(r.get("keys").get(0).asText().startsWith("artifacts/0/"), "kept in the bucket: " + r);
            assertEquals("postgresql", r.get("dialect").asText());
            assertEquals(1, r.get("runs").asInt());
        } finally {
            if (server != null) server.stop();
            s3.close();
            pg.stop();
        }
        assertEquals(List.of(), server.leftoverPids(), "MLflow's server and workers are gone");
        assertEquals(List.of(), s3.leftoverPids(), "the S3 server is gone");
        assertFalse(pg.isRunning());
        assertFalse(Files.exists(pg.dir()), "the cluster's folder is deleted");
        int port = pg.port();
        assertThrows(java.io.IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }, "nothing listens on PostgreSQL's port any more");
    }
}
