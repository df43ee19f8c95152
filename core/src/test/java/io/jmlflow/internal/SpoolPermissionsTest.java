package io.jmlflow.internal;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.store.Stores;
import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.testing.OtherUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spool holds params, tags and metrics: only its owner may read it, whatever the umask. */
class SpoolPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void everyFolderAndFileTheSpoolWritesIsOwnerOnly() throws Exception {
        Path root = dir.resolve("home/.mlflow-java/spool");
        StoreIdentity server = StoreIdentity.of("http://127.0.0.1:5000");
        Spool spool = new Spool(root.resolve(server.folderName()), server);
        SpoolOps ops = new SpoolOps(spool);
        try (TrackingStore store = Stores.open("file:" + dir.resolve("mlruns"))) {
            String run = store.createRun("0", "me", 1, List.of(), "r").info().runId();
            ops.logBatch(run, List.of(new Metric("loss", 0.5, 1, 0)), List.of(new Param("lr", "0.1")),
                    List.of(new Tag("t", "secret-ish")));
            ops.createRun("0123456789abcdef0123456789abcde1", "0", null, "me", 2, "spooled", List.of(new Tag("k", "v")),
                    false);
            java.nio.file.Path modelFiles = Files.createDirectories(dir.resolve("model"));
            Files.writeString(modelFiles.resolve("model.ser"), "bytes");
            ops.logArtifacts("spool:runs/0123456789abcdef0123456789abcde1", "files", modelFiles);
            String model = "m-0123456789abcdef0123456789abcde2"; // the store gives it another id: ids/ maps it
            ops.createLoggedModel(model, "0", "model", run, List.of(), List.of(), "java_serialization");
            ops.logArtifacts("spool:models/" + model, null, modelFiles);
            ops.logBatch("no-such-run", List.of(), List.of(new Param("p", "1")), List.of()); // refused: failed/
            assertTrue(modes(dir.resolve("home")).size() > 3);
            Spool.ReplayResult r = spool.replay(store);
            assertEquals(null, r.stoppedBecause());
        }
        assertTrue(Files.isDirectory(spool.dir().resolve("ids")) && Files.isDirectory(spool.dir().resolve("failed")));
        for (Map.Entry<Path, String> e : modes(dir.resolve("home")).entrySet()) {
            String owner = Files.isDirectory(e.getKey()) ? "rwx------" : "rw-------";
            assertEquals(owner, e.getValue(), e.getKey().toString());
        }
    }

    @Test
    void aSpoolLeftReadableByAnOlderVersionIsMadeOwnerOnlyWhenOpened() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("spool/x"));
        Path old = Files.writeString(folder.resolve("0000000000001-000001-1.json"),
                "{\"run_id\":\"gone\",\"metrics\":[],\"params\":[],\"tags\":[]}");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        Spool spool = new Spool(folder, StoreIdentity.of("http://127.0.0.1:5000"));
        new SpoolOps(spool).logBatch("run", List.of(new Metric("m", 1, 1, 1)), List.of(), List.of());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        try (TrackingStore store = Stores.open("file:" + dir.resolve("mlruns"))) {
            spool.replay(store);
        }
        for (Map.Entry<Path, String> e : modes(folder).entrySet()) {
            assertEquals("------", e.getValue().substring(3), "no group or other bits: " + e.getKey());
        }
    }

    @Test
    void aSpoolFolderOfAnotherUserIsNotWrittenTo() throws Exception {
        Path folder = OtherUsers.folder(dir.resolve("spool/foreign"));
        Spool spool = new Spool(folder, StoreIdentity.of("http://127.0.0.1:5000"));
        Exception e = assertThrows(java.io.IOException.class,
                () -> new SpoolOps(spool).logBatch("run", List.of(), List.of(new Param("p", "1")), List.of()));
        assertTrue(e.getMessage().contains("belongs to"), e.getMessage());
    }

    private static Map<Path, String> modes(Path top) throws Exception {
        Map<Path, String> out = new java.util.TreeMap<>();
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.toList()) {
                if (!p.equals(top)) out.put(p, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return out;
    }
}
