package io.jmlflow.internal;

import io.jmlflow.MlflowConfig;
import io.jmlflow.RuntimeTestSupport;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's start-up warm-up leaves nothing behind and never touches the configured store. */
class WarmUpTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        RuntimeTestSupport.resetMlflow();
    }

    @Test
    void rehearsesInAScratchStoreAndLeavesTheConfiguredOneAlone() throws IOException {
        WarmUp.restart();
        for (String uri : new String[] {"sqlite:///" + dir.resolve("never.db"), dir.resolve("never-mlruns").toUri().toString()}) {
            MlflowConfig.set(MlflowConfig.TRACKING_URI, uri);
            Set<Path> before = scratchDirs();
            WarmUp.run();
            assertTrue(WarmUp.rehearseInScratchStore(), uri);
            assertFalse(Files.exists(dir.resolve("never.db")), uri);
            assertFalse(Files.exists(dir.resolve("never-mlruns")), uri);
            assertEquals(before, scratchDirs(), "scratch store deleted");
        }
    }

    @Test
    void tidiesScratchStoresLeftByJvmsThatEndedDuringTheirRehearsalButNotOnesInUse() throws IOException {
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        Path stale = Files.createTempDirectory(tmp, WarmUp.SCRATCH_PREFIX);
        Files.createDirectories(stale.resolve("0"));
        Files.writeString(stale.resolve("0").resolve("meta.yaml"), "name: Default\n");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - WarmUp.STALE_SCRATCH_MS - 60_000));
        Path inUse = Files.createTempDirectory(tmp, WarmUp.SCRATCH_PREFIX); // another JVM's, rehearsing now
        try {
            WarmUp.restart();
            MlflowConfig.set(MlflowConfig.TRACKING_URI, dir.resolve("mlruns").toUri().toString());
            assertTrue(WarmUp.rehearseInScratchStore());
            assertFalse(Files.exists(stale), "a scratch store left over an hour ago is deleted");
            assertTrue(Files.isDirectory(inUse), "a recent one may be another JVM's, in use");
        } finally {
            TempDirs.deleteQuietly(stale);
            TempDirs.deleteQuietly(inUse);
        }
    }

    @Test
    void aJvmThatExitsDuringTheRehearsalLeavesNoScratchStore() throws IOException {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        JavaProcess.Result r = JavaProcess.main(ExitsDuringRehearsal.class)
                .env("MLFLOW_TRACKING_URI", dir.resolve("mlruns").toUri().toString())
                .classpath(System.getProperty("java.class.path")).jvmArg("-Djava.io.tmpdir=" + tmp).run(120);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("exiting with the scratch store"), r.describe());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(WarmUp.SCRATCH_PREFIX))
                    .collect(Collectors.toList()), "the shutdown hook deleted it");
        }
    }

    /**
     * Starts the rehearsal on a daemon thread, as the agent does, and exits once its scratch store has its first
     * folder (the store is being written: the hook was registered when the folder was made).
     */
    public static final class ExitsDuringRehearsal {
        public static void main(String[] args) throws Exception {
            Thread t = new Thread(WarmUp::rehearseInScratchStore, "warm-up");
            t.setDaemon(true);
            t.start();
            Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (Stream<Path> s = Files.list(tmp)) {
                    if (s.anyMatch(p -> p.getFileName().toString().startsWith(WarmUp.SCRATCH_PREFIX)
                            && Files.isDirectory(p.resolve("0")))) {
                        System.out.println("exiting with the scratch store");
                        System.exit(0);
                    }
                }
                Thread.onSpinWait();
            }
            System.exit(3);
        }
    }

    @Test
    void stopsOnceTheApplicationOpensItsSession() throws IOException {
        WarmUp.restart();
        MlflowConfig.set(MlflowConfig.TRACKING_URI, dir.resolve("mlruns").toUri().toString());
        io.jmlflow.Mlflow.client(); // the first run is about to start: warming up now only takes CPU from training
        Set<Path> before = scratchDirs();
        assertFalse(WarmUp.rehearseInScratchStore());
        WarmUp.run();
        assertEquals(before, scratchDirs(), "no scratch store was made");
        WarmUp.restart();
        assertTrue(WarmUp.rehearseInScratchStore());
    }

    /**
     * Only what a run's start needs is loaded (every class counts towards the JVM's first metaspace threshold, whose
     * collection would otherwise fall inside the training): no JSON library for a local store, which the start of a
     * run does not use; the REST client and JSON for a tracking server.
     */
    @Test
    void loadsTheJsonLibraryOnlyForATrackingServer() throws IOException {
        String[][] cases = {{"sqlite:///" + dir.resolve("a.db"), "io.jmlflow.internal.store.sqlite.SqliteStore "},
                {"http://127.0.0.1:9", "io.jmlflow.internal.store.rest.RestStore "}};
        for (String[] c : cases) {
            String classes = classesLoaded(Probe.class, c[0], 0, withoutLoggingFramework());
            assertTrue(classes.contains(c[1]), c[0] + ": the warm-up ran");
            assertEquals(c[0].startsWith("http"), classes.contains("com.fasterxml.jackson.databind.ObjectMapper "), c[0]);
        }
    }

    /**
     * What a run's start needs (its classes, the random bytes of run ids) is warmed at once; the rehearsal
     * in a scratch store waits for the delay.
     */
    @Test
    void warmsTheRunStartAtOnceAndTheStoreOnlyAfterTheDelay() throws IOException {
        String classes = classesLoaded(ShortLivedProbe.class, "sqlite:///" + dir.resolve("b.db"), 600_000,
                System.getProperty("java.class.path"));
        assertTrue(classes.contains("io.jmlflow.internal.store.DeferredStore "), "run-start classes are loaded at once");
        assertTrue(classes.contains("io.jmlflow.internal.Ids "), "the random bytes of the first ids are read ahead");
        assertFalse(classes.contains("sun.security.provider.NativePRNG "), "without setting up the JDK's SecureRandom");
        assertFalse(classes.contains("io.jmlflow.internal.store.sqlite.SqliteStore "), "the rehearsal waits for the delay");
    }

    /**
     * An application's logging framework is never set up by the warm-up's thread (the application may be setting it
     * up at the same moment: log4j2 set up from two threads printed errors into a Spark program's output). So with
     * one on the class path, the warm-up leaves out what logs through SLF4J: our Log, SQLite's driver, the store.
     */
    @Test
    void neverSetsUpTheApplicationsLoggingFramework() throws IOException {
        String classes = classesLoaded(Probe.class, "sqlite:///" + dir.resolve("c.db"), 0,
                System.getProperty("java.class.path"));
        assertTrue(classes.contains("org.slf4j.simple.SimpleServiceProvider "), "the test's class path has a provider");
        assertTrue(classes.contains("io.jmlflow.internal.store.DeferredStore "), "run-start classes are loaded");
        assertFalse(classes.contains("org.slf4j.simple.SimpleLoggerFactory "), "SLF4J's provider is not set up");
        assertFalse(classes.contains("org.sqlite.JDBC "), "nor SQLite's driver, which logs through it");
        assertFalse(Files.exists(dir.resolve("c.db")));
    }

    /** The class-load log of {@code probe} run in a JVM of its own with this tracking URI, delay and class path. */
    private String classesLoaded(Class<?> probe, String trackingUri, long delayMs, String classPath) throws IOException {
        Path log = dir.resolve("classes.txt");
        Files.deleteIfExists(log);
        JavaProcess.Result r = JavaProcess.main(probe).env("MLFLOW_TRACKING_URI", trackingUri).classpath(classPath)
                .jvmArg("-Dmlflow." + WarmUp.DELAY + "=" + delayMs).jvmArg("-Xlog:class+load:file=" + log).run(120);
        assertEquals(0, r.exitCode(), r.describe());
        return Files.readString(log);
    }

    /** The test class path without slf4j-simple: an application that has no logging framework behind SLF4J. */
    private static String withoutLoggingFramework() {
        StringBuilder out = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("slf4j-simple")) continue;
            if (out.length() > 0) out.append(java.io.File.pathSeparator);
            out.append(entry);
        }
        return out.toString();
    }

    /** Runs the warm-up on a daemon thread as the agent does, and exits after two seconds. */
    public static final class ShortLivedProbe {
        public static void main(String[] args) throws InterruptedException {
            Thread t = new Thread(WarmUp::run);
            t.setDaemon(true);
            t.start();
            Thread.sleep(2000);
        }
    }

    /** Runs the warm-up as the agent does, in a JVM of its own. */
    public static final class Probe {
        public static void main(String[] args) {
            WarmUp.run();
        }
    }

    private static Set<Path> scratchDirs() throws IOException {
        try (Stream<Path> s = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("jmlflow-warm-up")).collect(Collectors.toSet());
        }
    }
}
