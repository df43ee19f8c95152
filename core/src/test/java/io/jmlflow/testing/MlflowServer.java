package io.jmlflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real {@code mlflow server} (from the pinned venv) on 127.0.0.1 with a SQLite backend, for tests.
 * {@link #shared()} starts one per JVM on first use; {@link #start(Path, boolean)} starts a private one
 * (for fault tests that {@link #stop()} and {@link #restart()} it). The server runs in its own process
 * group so that stopping it also ends uvicorn's workers and any job consumers; a shutdown hook stops
 * every server still running when the JVM exits.
 */
public final class MlflowServer implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 120_000;
    private static final long STOP_GRACE_MS = 15_000;
    private static final Set<MlflowServer> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile MlflowServer shared;
    private static volatile boolean hookInstalled;

    private final Path dir;
    private final boolean serveArtifacts;
    private final int port;
    /** Every process of this server inherits this value in its environment, so leftovers can be found. */
    private final String marker = UUID.randomUUID().toString();
    private Process process;
    private int generation;
    private volatile boolean deleteDirOnExit;

    private MlflowServer(Path dir, boolean serveArtifacts, int port) {
        this.dir = dir;
        this.serveArtifacts = serveArtifacts;
        this.port = port;
    }

    /** The server shared by all test classes of this JVM (artifacts served), started on first call. */
    public static MlflowServer shared() {
        MlflowServer s = shared;
        if (s != null) return s;
        synchronized (MlflowServer.class) {
            if (shared == null) {
                try {
                    Path dir = Files.createTempDirectory("jmlflow-server");
                    shared = start(dir, true);
                    shared.deleteDirOnExit = true;
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
        installHook();
        PortTaken last = null;
        // the free port found may be taken by someone else before the server binds it: try another one
        for (int attempt = 0; attempt < 3; attempt++) {
            MlflowServer server = new MlflowServer(dir.toAbsolutePath(), serveArtifacts, freePort());
            try {
                server.launch();
                return server;
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    /** The server could not bind its port. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() { return port; }

    public Path dir() { return dir; }

    /** Where the server writes artifacts it serves (or the default artifact root without serving). */
    public Path artifactsDir() { return dir.resolve("artifacts"); }

    /** The backend store URI, for opening the same database directly. */
    public String backendStoreUri() {
        return "sqlite:///" + dir.resolve("server.db");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the whole process group: SIGTERM, then SIGKILL if anything is still alive after a grace period. */
    public synchronized void stop() {
        if (process == null) return;
        long pgid = process.pid();
        signalGroup("TERM", pgid);
        long deadline = System.currentTimeMillis() + STOP_GRACE_MS;
        while (System.currentTimeMillis() < deadline && (groupAlive(pgid) || !leftoverPids().isEmpty())) {
            sleep(100);
        }
        if (groupAlive(pgid)) signalGroup("KILL", pgid);
        for (Long pid : leftoverPids()) signal("KILL", pid);
        try {
            process.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        RUNNING.remove(this);
    }

    /** Stops the server and starts it again on the same port with the same database and artifacts. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /**
     * Processes (any in the machine) that carry this server's marker in their environment: the server,
     * uvicorn and its workers, job consumers. Empty after {@link #stop()}.
     */
    public List<Long> leftoverPids() {
        List<Long> pids = new ArrayList<>();
        byte[] needle = ("JMLFLOW_TEST_SERVER=" + marker).getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    if (contains(Files.readAllBytes(p.resolve("environ")), needle)) pids.add(Long.parseLong(name));
                } catch (IOException | SecurityException e) {
                    // the process ended or is not ours to read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
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
            Files.createDirectories(dir.resolve("artifacts"));
            List<String> cmd = new ArrayList<>(List.of("setsid", PythonMlflow.python(), "-m", "mlflow", "server",
                    "--backend-store-uri", backendStoreUri(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1"));
            if (serveArtifacts) {
                cmd.addAll(List.of("--serve-artifacts", "--artifacts-destination", artifactsDir().toString()));
            } else {
                cmd.addAll(List.of("--no-serve-artifacts", "--default-artifact-root", artifactsDir().toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().putAll(PythonMlflow.baseEnv());
            pb.environment().put("JMLFLOW_TEST_SERVER", marker);
            Path log = dir.resolve("server-" + (++generation) + ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            // setsid does not fork when its caller is not a group leader (a JVM child never is), so the
            // server's pid is also its process group id.
            process = pb.start();
            RUNNING.add(this);
            awaitHealthy(log);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start mlflow server in " + dir, e);
        }
    }

    private void awaitHealthy(Path log) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        // "Uvicorn running on" is logged once this server holds the port, so /health answers from it and not from
        // some other process that took the port
        String bound = "running on http://127.0.0.1:" + port;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                String out = tail(log);
                stop();
                String message = "mlflow server on port " + port + " exited with " + exit + ":\n" + out;
                if (out.toLowerCase(java.util.Locale.ROOT).contains("address already in use")) throw new PortTaken(message);
                throw new IllegalStateException(message);
            }
            if (logContains(log, bound) && healthy()) return;
            sleep(250);
        }
        String out = tail(log);
        stop();
        throw new IllegalStateException("mlflow server on port " + port + " not healthy after "
                + START_TIMEOUT_MS / 1000 + " s:\n" + out);
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(uri() + "/health").openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean groupAlive(long pgid) {
        return run("kill", "-0", "--", "-" + pgid) == 0;
    }

    private static void signalGroup(String signal, long pgid) {
        run("kill", "-" + signal, "--", "-" + pgid);
    }

    private static void signal(String signal, long pid) {
        run("kill", "-" + signal, Long.toString(pid));
    }

    private static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) continue; // environ entries are NUL-separated
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i + needle.length == hay.length || hay[i + needle.length] == 0;
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void installHook() {
        if (hookInstalled) return;
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (MlflowServer s : List.copyOf(RUNNING)) {
                s.stop();
                if (s.deleteDirOnExit) deleteRecursively(s.dir);
            }
        }, "mlflow-server-stopper"));
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp directory
        }
    }
}
