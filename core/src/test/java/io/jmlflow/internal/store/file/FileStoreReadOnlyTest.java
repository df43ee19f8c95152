package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.ViewType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store that cannot be written gives IO_ERROR with a one-line message, and stays readable. */
class FileStoreReadOnlyTest {
    @TempDir
    Path tmp;

    @Test
    void readOnlyStoreGivesIoErrorAndStaysReadable() throws Exception {
        Path root = tmp.resolve("mlruns");
        FileStore store = FileStore.open(root.toString());
        String exp = store.createExperiment("frozen", null, List.of());
        String runId = store.createRun(exp, "tester", 1L, List.of(), "r").runId();
        store.logBatch(runId, List.of(new Metric("m", 1.0, 1L, 0)), List.of(new Param("p", "1")), List.of());

        makeReadOnly(root);
        try {
            assertIoError(() -> store.createExperiment("another", null, List.of()), "create experiment 'another'");
            assertIoError(() -> store.createRun(exp, "tester", 2L, List.of(), "r2"), "create a run");
            assertIoError(() -> store.logBatch(runId, List.of(new Metric("m", 2.0, 2L, 1)), List.of(), List.of()),
                    "log to run " + runId);
            assertIoError(() -> store.logBatch(runId, List.of(), List.of(new Param("q", "2")), List.of()),
                    "log to run " + runId);

            FileStore fresh = FileStore.open(root.toString());
            assertEquals(1.0, fresh.getRun(runId).data().metric("m"));
            assertEquals("1", fresh.getRun(runId).data().params().get("p"));
            assertEquals(1, fresh.getMetricHistory(runId, "m").size());
            assertEquals(1, fresh.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 10, null, null).items().size());
            assertEquals("Default", fresh.getExperiment("0").name());
        } finally {
            makeWritable(root);
        }
    }

    @Test
    void rootUnderARegularFileGivesIoError() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        FileStore store = FileStore.open("file:" + file.resolve("mlruns"));
        assertIoError(() -> store.createExperiment("e", null, List.of()), "create experiment 'e'");
        assertIoError(() -> store.createRun("0", "tester", 1L, List.of(), "r"), "create the file store root");
        assertTrue(store.searchExperiments(ViewType.ALL, 10, null, null, null).items().isEmpty());
    }

    private static void assertIoError(Executable call, String expectedStart) {
        MlflowException e = assertThrows(MlflowException.class, call);
        assertEquals(MlflowException.IO_ERROR, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("MLflow file store: cannot " + expectedStart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        System.out.println("IO_ERROR message: " + e.getMessage());
    }

    /** chmod a-w everywhere; as root (which ignores modes) also chattr +i, so that writes really fail. */
    private static void makeReadOnly(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) Files.setPosixFilePermissions(p, Set.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                        PosixFilePermission.GROUP_EXECUTE));
                else Files.setPosixFilePermissions(p, Set.of(PosixFilePermission.OWNER_READ));
            }
        }
        if (isWritable(root)) run("chattr", "-R", "+i", root.toString());
        assertFalse(isWritable(root), "could not make " + root + " read-only (neither file modes nor chattr +i work)");
    }

    private static boolean isWritable(Path dir) {
        try {
            Path probe = Files.createFile(dir.resolve("probe"));
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void makeWritable(Path root) throws Exception {
        run("chattr", "-R", "-i", root.toString());
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
            }
        }
    }

    private static void run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the command is missing; the caller checks the outcome
        }
    }
}
