package io.jmlflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 for tests: Debian's binaries ({@code initdb}, {@code pg_ctl}) in a temp
 * folder, no system service, a random password for its one role, TCP on loopback only (no Unix socket). PostgreSQL
 * refuses to run as root; when the tests run as root (CI) the cluster runs as the unprivileged user {@code nobody}
 * ({@code setpriv}), which owns its folder. {@link #stop()} (or the JVM's exit) stops it and deletes the folder.
 *
 * <p>The binaries come from {@code -Dpostgres.bin} or {@code JMLFLOW_POSTGRES_BIN}, else
 * {@code /usr/lib/postgresql/15/bin}; a missing one fails the test with what to install.
 */
public final class PostgresCluster implements AutoCloseable {
    private static final String USER = "mlflow";
    private static final int NOBODY = 65534;
    private static volatile PostgresCluster shared;

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final String password;
    private final int port;
    private volatile boolean running;

    private PostgresCluster(Path dir, Path bin, String password, int port) {
        this.dir = dir;
        this.data = dir.resolve("pg/data");
        this.bin = bin;
        this.password = password;
        this.port = port;
    }

    /** The cluster shared by all test classes of this JVM, started on first call. */
    public static PostgresCluster shared() {
        PostgresCluster s = shared;
        if (s != null) return s;
        synchronized (PostgresCluster.class) {
            if (shared == null) shared = start();
            return shared;
        }
    }

    /** Creates and starts a new cluster in a temp folder. */
    public static PostgresCluster start() {
        Path bin = binaries();
        try {
            Path dir = Files.createTempDirectory("jmlflow-postgres");
            ServerProcess.deleteOnExit(dir);
            // nobody must be able to reach its folder through ours
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path pg = Files.createDirectories(dir.resolve("pg"));
            if (isRoot()) chownToNobody(pg);
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Path pwfile = pg.resolve("pwfile");
            Files.writeString(pwfile, password + "\n");
            if (isRoot()) chownToNobody(pwfile);
            PostgresCluster c = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                c = new PostgresCluster(dir, bin, password, ServerProcess.freePort());
                if (attempt == 0) {
                    c.asOwner(List.of(bin.resolve("initdb").toString(), "-D", c.data.toString(), "-U", USER,
                            "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"),
                            "initdb");
                    Files.delete(pwfile);
                }
                if (c.tryStart()) break;
                c = null;
            }
            if (c == null) throw new IllegalStateException("PostgreSQL did not start:\n" + ServerProcess.tail(pg.resolve("server.log")));
            PostgresCluster started = c;
            ServerProcess.atExit(started::stop);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up a PostgreSQL cluster", e);
        }
    }

    /** Creates a database; returns its URI for MLflow ({@code postgresql+psycopg2://...}). */
    public String createDatabase(String name) {
        List<String> cmd = List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", USER, name);
        run(cmd, Map.of("PGPASSWORD", password), "createdb " + name);
        return uri(name);
    }

    /** The URI of database {@code name}, with the psycopg2 driver the venv has (SQLAlchemy 2.1 defaults to psycopg 3). */
    public String uri(String name) {
        return "postgresql+psycopg2://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + name;
    }

    public int port() { return port; }

    /** The cluster's folder (data and log). */
    public Path dir() { return dir; }

    public boolean isRunning() {
        return running && Files.exists(data.resolve("postmaster.pid"));
    }

    /** Stops the cluster (fast shutdown: open sessions are ended) and deletes its folder. */
    public synchronized void stop() {
        if (running) {
            try {
                asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60",
                        "stop"), "pg_ctl stop");
            } catch (RuntimeException e) {
                killPostmaster();
            }
            running = false;
        }
        ServerProcess.deleteRecursively(dir);
    }

    @Override
    public void close() {
        stop();
    }

    private boolean tryStart() {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300";
        try {
            asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    dir.resolve("pg/server.log").toString(), "-w", "-t", "120", "-o", options, "start"), "pg_ctl start");
            running = true;
            return true;
        } catch (IllegalStateException e) {
            if (ServerProcess.logContains(dir.resolve("pg/server.log"), "could not bind")) return false;
            throw e;
        }
    }

    private void killPostmaster() {
        try {
            String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
            ServerProcess.run("kill", "-KILL", pid);
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    /** Runs a PostgreSQL command as the cluster's owner: this user, or nobody when the tests run as root. */
    private void asOwner(List<String> command, String what) {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        cmd.addAll(command);
        run(cmd, Map.of(), what);
    }

    private void run(List<String> cmd, Map<String, String> env, String what) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " failed:\n" + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    private static Path binaries() {
        String configured = System.getProperty("postgres.bin", System.getenv("JMLFLOW_POSTGRES_BIN"));
        Path bin = Paths.get(configured != null && !configured.isBlank() ? configured : "/usr/lib/postgresql/15/bin");
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("no PostgreSQL binaries in " + bin + " (apt-get install postgresql-15, or set "
                    + "-Dpostgres.bin / JMLFLOW_POSTGRES_BIN to the folder holding initdb and pg_ctl)");
        }
        return bin;
    }

    private static boolean isRoot() {
        try {
            return OtherUsers.isRoot();
        } catch (Exception e) {
            return false;
        }
    }

    private static void chownToNobody(Path path) throws IOException {
        if (ServerProcess.run("chown", NOBODY + ":" + NOBODY, path.toString()) != 0) {
            throw new IOException("cannot give " + path + " to nobody");
        }
    }

    @Override
    public String toString() {
        return "PostgresCluster[127.0.0.1:" + port + ", " + dir + "]";
    }
}
