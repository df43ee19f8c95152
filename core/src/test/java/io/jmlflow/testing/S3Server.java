package io.jmlflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible object store on 127.0.0.1 for tests: moto's server ({@code moto[server]} in the pinned venv, the
 * one MLflow's own tests use). It keeps objects in memory (large ones spill to its temp folder) and accepts any
 * credentials; {@link #clientEnv()} is what a client (MLflow's server, Python, a JVM) needs to reach it.
 */
public final class S3Server implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 60_000;
    private static volatile S3Server shared;

    private final Path dir;
    private final int port;
    private final ServerProcess process = new ServerProcess("s3-server");

    private S3Server(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The store shared by all test classes of this JVM, started on first call. */
    public static S3Server shared() {
        S3Server s = shared;
        if (s != null) return s;
        synchronized (S3Server.class) {
            if (shared == null) shared = start();
            return shared;
        }
    }

    /** Starts a new, empty store. */
    public static S3Server start() {
        try {
            Path dir = Files.createTempDirectory("jmlflow-s3");
            ServerProcess.deleteOnExit(dir);
            return ServerProcess.onFreePort(port -> {
                S3Server s = new S3Server(dir, port);
                s.launch();
                return s;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the S3 server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: MLflow's {@code MLFLOW_S3_ENDPOINT_URL}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * What a client needs: the endpoint ({@code MLFLOW_S3_ENDPOINT_URL}), credentials and a region in the variables
     * the AWS SDKs read (the store takes any).
     */
    public Map<String, String> clientEnv() {
        return Map.of("MLFLOW_S3_ENDPOINT_URL", endpoint(), "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1", "AWS_REGION", "us-east-1");
    }

    /** Creates a bucket (nothing happens when it exists). */
    public void createBucket(String name) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(endpoint() + "/" + name).openConnection();
            c.setRequestMethod("PUT");
            c.setConnectTimeout(5000);
            c.setReadTimeout(30_000);
            int code = c.getResponseCode();
            c.disconnect();
            if (code != 200 && code != 409) throw new IllegalStateException("creating bucket " + name + ": HTTP " + code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many requests the store's log shows whose line contains {@code fragment} (e.g. a key and "partNumber="). */
    public long requests(String... fragments) {
        try (java.util.stream.Stream<Path> logs = Files.list(dir)) {
            long n = 0;
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                try (java.util.stream.Stream<String> lines = Files.lines(log)) {
                    n += lines.filter(l -> java.util.Arrays.stream(fragments).allMatch(l::contains)).count();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Long> leftoverPids() {
        return process.leftoverPids();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** Stops the store; what it held is gone. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
        ServerProcess.deleteRecursively(dir);
    }

    private void launch() throws IOException {
        Path python = Paths.get(PythonMlflow.python());
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> env = Map.of("TMPDIR", tmp.toString(), "PYTHONUNBUFFERED", "1");
        Path log = process.launch(List.of(python.toString(), "-m", "moto.server", "-H", "127.0.0.1", "-p",
                Integer.toString(port)), dir, env);
        process.awaitReady(log, START_TIMEOUT_MS, () -> ServerProcess.logContains(log, "Running on") && answers());
    }

    private boolean answers() {
        return ServerProcess.answersOk(endpoint() + "/");
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + "]";
    }
}
