package io.jmlflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A team's tracking server, as MLflow's {@code docker-compose/} reference sets it up, all on loopback: MLflow's server
 * with 4 uvicorn workers on a PostgreSQL database ({@link PostgresCluster}), artifacts in an S3-compatible store
 * ({@link S3Server}, bucket {@value #BUCKET}). Two servers share the cluster and the store, each with a database of
 * its own: {@link #proxied()} serves artifacts ({@code mlflow-artifacts:} URIs, kept under {@code s3://mlflow/proxied},
 * large files through MLflow's multipart upload API) and {@link #direct()} hands out {@code s3://mlflow/direct/...}
 * locations that clients write to themselves. Each starts on first use and stops when the JVM exits.
 */
public final class TeamServer {
    public static final String BUCKET = "mlflow";
    public static final int WORKERS = 4;
    private static volatile MlflowServer proxied;
    private static volatile MlflowServer direct;

    private TeamServer() {
    }

    /** The server that proxies artifacts to {@code s3://mlflow/proxied}. */
    public static MlflowServer proxied() {
        MlflowServer s = proxied;
        if (s != null) return s;
        synchronized (TeamServer.class) {
            if (proxied == null) proxied = start("proxied", true);
            return proxied;
        }
    }

    /** The server whose runs get {@code s3://mlflow/direct/...} artifact locations. */
    public static MlflowServer direct() {
        MlflowServer s = direct;
        if (s != null) return s;
        synchronized (TeamServer.class) {
            if (direct == null) direct = start("direct", false);
            return direct;
        }
    }

    /** A new server of the proxied kind on a new database, for tests that stop or kill it. */
    public static MlflowServer privateProxied(String database) {
        return start(database, true);
    }

    /** The S3-compatible store the servers use. */
    public static S3Server s3() {
        S3Server s = S3Server.shared();
        s.createBucket(BUCKET);
        return s;
    }

    /**
     * What a client of these servers needs besides the tracking URI: the S3 endpoint and credentials (the proxied
     * server's multipart uploads send parts straight to the store; direct artifacts always go there).
     */
    public static Map<String, String> clientEnv() {
        return s3().clientEnv();
    }

    private static MlflowServer start(String name, boolean serve) {
        PostgresCluster pg = PostgresCluster.shared();
        S3Server s3 = s3();
        String db = pg.createDatabase(name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
        try {
            Path dir = Files.createTempDirectory("jmlflow-team-" + name);
            ServerProcess.deleteOnExit(dir);
            Map<String, String> env = new HashMap<>(s3.clientEnv());
            MlflowServer.Builder b = MlflowServer.builder(dir).backendStoreUri(db).workers(WORKERS).env(env);
            String location = "s3://" + BUCKET + "/" + name;
            return (serve ? b.serveArtifacts(location) : b.noServeArtifacts(location)).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
