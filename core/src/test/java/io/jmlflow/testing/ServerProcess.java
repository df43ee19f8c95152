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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A server process the tests start on loopback (MLflow's server, the S3-compatible store): in a process group of its
 * own ({@code setsid}), so that stopping it also ends every child it forked, with a marker in its environment that
 * finds whatever is left. Its output goes to a log file. A shutdown hook stops every one still running when the JVM
 * exits (and deletes the folders handed to {@link #deleteOnExit}).
 */
public final class ServerProcess {
    private static final long STOP_GRACE_MS = 15_000;
    private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DELETE_ON_EXIT = ConcurrentHashMap.newKeySet();
    private static final List<Runnable> AT_EXIT = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static volatile boolean hookInstalled;

    private final String name;
    private final String marker = UUID.randomUUID().toString();
    private Process process;
    private int generation;

    /** {@code name} appears in messages and in the log file names. */
    public ServerProcess(String name) {
        this.name = name;
        installHook();
    }

    /**
     * Starts {@code command} (without {@code setsid}, which is added) in {@code workDir} with {@code env} added to this
     * JVM's environment; output goes to {@code workDir/<name>-<n>.log}, whose path is returned.
     */
    public synchronized Path launch(List<String> command, Path workDir, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().putAll(env);
        pb.environment().put("JMLFLOW_TEST_SERVER", marker);
        Path log = workDir.resolve(name + "-" + (++generation) + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        // setsid does not fork when its caller is not a group leader (a JVM child never is), so the server's pid is
        // also its process group id.
        process = pb.start();
        RUNNING.add(this);
        return log;
    }

    /**
     * Waits until {@code ready} is true; throws with the log's tail when the process exits first or the time runs out
     * (the process is stopped then).
     */
    public void awaitReady(Path log, long timeoutMs, BooleanSupplier ready) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                int exit = p == null ? -1 : p.exitValue();
                String out = tail(log);
                stop();
                throw new ExitedEarly(name + " exited with " + exit + ":\n" + out);
            }
            if (ready.getAsBoolean()) return;
            sleep(250);
        }
        String out = tail(log);
        stop();
        throw new IllegalStateException(name + " not ready after " + timeoutMs / 1000 + " s:\n" + out);
    }

    /** The process ended before it was ready; {@link #getMessage()} holds its log's tail. */
    public static final class ExitedEarly extends IllegalStateException {
        ExitedEarly(String message) {
            super(message);
        }

        /** True when the log says the port was taken (start again on another one). */
        public boolean portTaken() {
            return getMessage().toLowerCase(java.util.Locale.ROOT).contains("address already in use");
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the whole process group: SIGTERM, then SIGKILL if anything is still alive after a grace period. */
    public synchronized void stop() {
        end("TERM");
    }

    /** Ends the whole process group at once with SIGKILL, as a crash would. */
    public synchronized void kill() {
        end("KILL");
    }

    private void end(String signal) {
        if (process == null) return;
        long pgid = process.pid();
        signalGroup(signal, pgid);
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

    /**
     * Processes (any in the machine) that carry this server's marker in their environment: the server and every
     * process it started. Empty after {@link #stop()}.
     */
    public List<Long> leftoverPids() {
        List<Long> pids = new ArrayList<>();
        byte[] needle = ("JMLFLOW_TEST_SERVER=" + marker).getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) continue;
                try {
                    if (contains(Files.readAllBytes(p.resolve("environ")), needle)) pids.add(Long.parseLong(pid));
                } catch (IOException | SecurityException e) {
                    // the process ended or is not ours to read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** Runs {@code stopper} when the JVM exits, after the servers stopped and before folders are deleted. */
    public static void atExit(Runnable stopper) {
        installHook();
        AT_EXIT.add(stopper);
    }

    /** Deletes {@code dir} when the JVM exits, after the servers stopped. */
    public static void deleteOnExit(Path dir) {
        installHook();
        DELETE_ON_EXIT.add(dir);
    }

    /** Starts a server on a given port: launched and ready, or {@link ExitedEarly}. */
    public interface PortStart<T> {
        T start(int port) throws IOException;
    }

    /**
     * Starts a server on a {@link #freePort()}, and on another one (3 tries in all) when the one found was taken
     * before the server bound it.
     */
    public static <T> T onFreePort(PortStart<T> start) throws IOException {
        ExitedEarly last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start.start(freePort());
            } catch (ExitedEarly e) {
                if (!e.portTaken()) throw e;
                last = e;
            }
        }
        throw last;
    }

    /** A port free on 127.0.0.1 now (someone may take it before the server binds it: start again then). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last 4,000 characters of a log file. */
    public static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Whether {@code url} answers a GET with 200 now (2 s to connect, 5 s to answer); false on any I/O failure. */
    public static boolean answersOk(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
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

    public static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a short command to its end (bounded), output discarded; its exit code, -1 when it could not run. */
    public static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp directory
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) continue; // environ entries are NUL-separated
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i + needle.length == hay.length || hay[i + needle.length] == 0;
        }
        return false;
    }

    /** One hook for all, so that the order holds: servers, then other stoppers ({@link #atExit}), then folders. */
    private static synchronized void installHook() {
        if (hookInstalled) return;
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ServerProcess s : List.copyOf(RUNNING)) s.stop();
            for (Runnable r : AT_EXIT) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    System.err.println("[test] stopping at exit failed: " + e);
                }
            }
            for (Path dir : DELETE_ON_EXIT) deleteRecursively(dir);
        }, "test-server-stopper"));
    }

    @Override
    public String toString() {
        return "ServerProcess[" + name + "]";
    }
}
