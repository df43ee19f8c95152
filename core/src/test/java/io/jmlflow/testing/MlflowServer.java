package io.jmlflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real {@code mlflow server} (from the pinned venv) on 127.0.0.1, for tests. {@link #shared()} starts one per JVM
 * on first use (SQLite, artifacts served); {@link #start(Path, boolean)} starts a private one (for fault tests that
 * {@link #stop()} and {@link #restart()} it); {@link #builder(Path)} sets the rest: another backend store (PostgreSQL,
 * {@link PostgresCluster}), several workers, artifacts in S3 ({@link S3Server}). The server runs in its own process
 * group ({@link ServerProcess}) so that stopping it also ends uvicorn's workers and any job consumers; a shutdown hook
 * stops every server still running when the JVM exits.
 */
public final class MlflowServer implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 180_000;
    private static volatile MlflowServer shared;

    /** How a server is started; see {@link MlflowServer#builder(Path)}. */
    public static final class Builder {
        private final Path dir;
        private String backendStoreUri;
        private int workers = 1;
        private boolean serveArtifacts = true;
        private String artifactLocation;
        private final Map<String, String> env = new HashMap<>();

        private Builder(Path dir) {
            this.dir = dir.toAbsolutePath();
        }

        /** The backend store ({@code --backend-store-uri}); default {@code sqlite:///<dir>/server.db}. */
        public Builder backendStoreUri(String uri) {
            this.backendStoreUri = uri;
            return this;
        }

        /** uvicorn's worker processes ({@code --workers}); default 1. */
        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        /**
         * Artifacts go through the server ({@code --serve-artifacts}), kept at {@code destination} (a local path or
         * {@code s3://bucket/prefix}); new experiments get {@code mlflow-artifacts:} locations. The default, with
         * {@code <dir>/artifacts}.
         */
        public Builder serveArtifacts(String destination) {
            this.serveArtifacts = true;
            this.artifactLocation = destination;
            return this;
        }

        /**
         * The server hands out {@code defaultRoot}-based artifact locations ({@code --no-serve-artifacts
         * --default-artifact-root}) that clients write to directly: a local path or {@code s3://bucket/prefix}.
         */
        public Builder noServeArtifacts(String defaultRoot) {
            this.serveArtifacts = false;
            this.artifactLocation = defaultRoot;
            return this;
        }

        /** Variables added to the server's environment (for example the S3 endpoint and credentials). */
        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        public MlflowServer start() {
            try {
                return ServerProcess.onFreePort(port -> {
                    MlflowServer server = new MlflowServer(this, port);
                    server.launch();
                    return server;
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the MLflow server", e);
            }
        }
    }

    private final Path dir;
    private final int port;
    private final String backendStoreUri;
    private final int workers;
    private final boolean serveArtifacts;
    private final String artifactLocation;
    private final Map<String, String> env;
    private final ServerProcess process = new ServerProcess("mlflow-server");

    private MlflowServer(Builder b, int port) {
        this.dir = b.dir;
        this.port = port;
        this.backendStoreUri = b.backendStoreUri != null ? b.backendStoreUri : "sqlite:///" + dir.resolve("server.db");
        this.workers = b.workers;
        this.serveArtifacts = b.serveArtifacts;
        this.artifactLocation = b.artifactLocation != null ? b.artifactLocation : dir.resolve("artifacts").toString();
        this.env = Map.copyOf(b.env);
    }

    /** A server keeping what it needs in {@code dir}; set it up, then {@link Builder#start()}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The server shared by all test classes of this JVM (artifacts served), started on first call. */
    public static MlflowServer shared() {
        MlflowServer s = shared;
        if (s != null) return s;
        synchronized (MlflowServer.class) {
            if (shared == null) {
                try {
                    Path dir = Files.createTempDirectory("jmlflow-server");
                    ServerProcess.deleteOnExit(dir);
                    shared = start(dir, true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return shared;
        }
    }

    /**
     * Starts a private server keeping its database ({@code server.db}) and artifacts ({@code artifacts/})
     * in {@code dir}. With {@code serveArtifacts}, new experiments get {@code mlflow-artifacts:/} locations
     * served by the server; otherwise their artifacts go directly to {@code dir/artifacts}.
     */
    public static MlflowServer start(Path dir, boolean serveArtifacts) {
        Builder b = builder(dir);
        return serveArtifacts ? b.start() : b.noServeArtifacts(dir.toAbsolutePath().resolve("artifacts").toString())
                .start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() { return port; }

    public Path dir() { return dir; }

    /** Where the server writes artifacts it serves (or the default artifact root without serving), when local. */
    public Path artifactsDir() { return dir.resolve("artifacts"); }

    /** The backend store URI, for opening the same database directly. */
    public String backendStoreUri() {
        return backendStoreUri;
    }

    public int workers() { return workers; }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** Stops the whole process group: SIGTERM, then SIGKILL if anything is still alive after a grace period. */
    public void stop() {
        process.stop();
    }

    /** Ends the server and all its workers at once with SIGKILL, as a crash would. */
    public void kill() {
        process.kill();
    }

    /** Stops the server and starts it again on the same port with the same database and artifacts. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Starts the server again after {@link #stop()} or {@link #kill()}, on the same port. */
    public synchronized void startAgain() {
        if (!isRunning()) launch();
    }

    /**
     * Processes (any in the machine) that carry this server's marker in their environment: the server,
     * uvicorn and its workers, job consumers. Empty after {@link #stop()}.
     */
    public List<Long> leftoverPids() {
        return process.leftoverPids();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "MlflowServer[" + uri() + ", " + dir + "]";
    }

    private synchronized void launch() {
        try {
            if (!artifactLocation.contains("://")) Files.createDirectories(Path.of(artifactLocation));
            List<String> cmd = new ArrayList<>(List.of(PythonMlflow.python(), "-m", "mlflow", "server",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", Integer.toString(workers)));
            if (serveArtifacts) {
                cmd.addAll(List.of("--serve-artifacts", "--artifacts-destination", artifactLocation));
            } else {
                cmd.addAll(List.of("--no-serve-artifacts", "--default-artifact-root", artifactLocation));
            }
            Map<String, String> vars = new HashMap<>(PythonMlflow.baseEnv());
            vars.putAll(env);
            // in the environment rather than on the command line: a database URI may hold a password
            vars.put("MLFLOW_BACKEND_STORE_URI", backendStoreUri);
            Files.createDirectories(dir);
            Path log = process.launch(cmd, dir, vars);
            // "Uvicorn running on" is logged once this server holds the port, so /health answers from it and not
            // from some other process that took the port
            String bound = "running on http://127.0.0.1:" + port;
            process.awaitReady(log, START_TIMEOUT_MS, () -> ServerProcess.logContains(log, bound) && healthy());
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start mlflow server in " + dir, e);
        }
    }

    private boolean healthy() {
        return ServerProcess.answersOk(uri() + "/health");
    }
}
