package io.jmlflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.MlflowConfig;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Keeps what a store could not take now (it did not answer, or refused a run's creation) in files under
 * {@code spool.dir} (default {@code ~/.mlflow-java/spool}), one folder per store ({@link StoreIdentity}: two projects
 * with their own {@code ./mlflow.db} never share one). Each file is one operation ({@link SpoolOps}); files of
 * artifacts and models wait under {@code files/}. They are replayed in order ({@link SpoolReplay}) when the store
 * answers again, at the next start, or by {@code java -jar mlflow-agent.jar sync}. Replays are safe to repeat:
 * MLflow ignores a metric point it already has, and params keep the same value. Folders are {@code rwx------} and
 * files {@code rw-------} ({@link OwnerOnlyFiles}): they hold params, tags and model files.
 */
public final class Spool {
    /** Jackson is loaded only when something is spooled or replayed, not by the start-up check for leftovers. */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The file in each folder that names its store. */
    static final String STORE_FILE = ".store.json";
    private static final AtomicLong SEQ = new AtomicLong();
    private static final java.util.concurrent.ConcurrentHashMap<String, Object> REPLAY_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Path dir;
    private final StoreIdentity store;

    /** The spool of the store {@code trackingUri} names, under the configured root. */
    public Spool(String trackingUri) {
        this(StoreIdentity.of(trackingUri));
    }

    public Spool(StoreIdentity store) {
        this(defaultRoot().resolve(store.folderName()), store);
    }

    public Spool(Path dir, StoreIdentity store) {
        this.dir = dir;
        this.store = store;
    }

    public static Path defaultRoot() {
        String configured = MlflowConfig.get("spool.dir");
        return configured != null ? Paths.get(configured)
                : Paths.get(System.getProperty("user.home"), ".mlflow-java", "spool");
    }

    public Path dir() { return dir; }

    public StoreIdentity store() { return store; }

    /** The tracking URI a replay opens (the same store from any working directory). */
    public String trackingUri() { return store.replayUri(); }

    /** Creates a folder of the spool, owner-only (all of the spool's folders are made here). */
    static Path createDirs(Path folder) throws IOException {
        return OwnerOnlyFiles.privateDirectory(folder);
    }

    /** Writes one operation (atomically: a reader never sees half a file). */
    void write(ObjectNode op) throws IOException {
        op.put("tracking_uri", store.replayUri());
        createDirs(dir);
        if (!Files.exists(dir.resolve(STORE_FILE))) writeStoreFile();
        writeAtomically(dir.resolve(nextName()), Json.MAPPER.writeValueAsBytes(op));
    }

    /** Names the store in the folder, once (threads and processes may try at the same time: one wins, all fine). */
    private void writeStoreFile() throws IOException {
        Path storeFile = dir.resolve(STORE_FILE);
        ObjectNode s = Json.MAPPER.createObjectNode().put("store", store.key()).put("tracking_uri", store.replayUri());
        Path tmp = dir.resolve("." + STORE_FILE + "." + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet()
                + ".tmp");
        OwnerOnlyFiles.write(tmp, Json.MAPPER.writeValueAsBytes(s));
        try {
            Files.move(tmp, storeFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            if (!Files.exists(storeFile)) throw e;
        }
    }

    /** A file name that sorts after every one written before it, by this process or another. */
    static String nextName() {
        return String.format("%013d-%06d-%d.json", System.currentTimeMillis(), SEQ.incrementAndGet() % 1_000_000,
                ProcessHandle.current().pid());
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        OwnerOnlyFiles.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A new folder under {@code files/} for the files an operation carries; returns its name and path. */
    Path newFilesFolder(String name) throws IOException {
        return createDirs(dir.resolve("files").resolve(name));
    }

    Path filesFolder(String name) {
        return dir.resolve("files").resolve(name);
    }

    /** Spooled operations waiting, oldest first. */
    public List<Path> pending() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith("."))
                    .sorted().forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    public boolean isEmpty() {
        return pending().isEmpty();
    }

    /** What a replay did. */
    public record ReplayResult(int batches, long entries, int remaining, String stoppedBecause) {
    }

    /**
     * Sends spooled operations to {@code store} in order, deleting each once the store took it. Stops at the first
     * failure that a later try may not see (the store is away, or its credentials or certificate are not accepted);
     * an operation the store refuses for good is moved to {@code failed/} with the rest of its run, with one warning.
     */
    public ReplayResult replay(TrackingStore target) {
        // One replay at a time per spool folder: within this JVM (several Spool objects may name it) and across
        // processes (a training JVM and `sync`), or the same batch could be sent twice and a run created twice.
        Object jvmLock = REPLAY_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize().toString(), k -> new Object());
        synchronized (jvmLock) {
            if (!Files.isDirectory(dir)) return new ReplayResult(0, 0, 0, null);
            try (java.nio.channels.FileChannel ch = OwnerOnlyFiles.openForLocking(
                    OwnerOnlyFiles.privateDirectory(dir).resolve(".replay.lock"));
                 java.nio.channels.FileLock ignored = ch.lock()) {
                return new SpoolReplay(this, target).run(pending());
            } catch (IOException e) {
                return new ReplayResult(0, 0, pending().size(), "cannot lock the spool: " + e.getMessage());
            }
        }
    }

    /** Reads an operation; one another user owns is refused unread, one an older version left readable made ours. */
    static JsonNode read(Path f) throws IOException {
        OwnerOnlyFiles.makePrivate(f);
        return Json.MAPPER.readTree(Files.readAllBytes(f));
    }

    // ---- ids the store gave to runs and models that were spooled under ids of ours

    /** Records that the store knows {@code localId} (a run key or a model id of ours) as {@code storeId}. */
    public void mapId(String localId, String storeId) throws IOException {
        if (localId.equals(storeId)) return;
        Path ids = createDirs(dir.resolve("ids"));
        writeAtomically(ids.resolve(localId), storeId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The store's id for {@code localId} when created at a replay (or online after being spooled), else null. */
    public String mappedId(String localId) {
        if (localId == null) return null;
        Path f = dir.resolve("ids").resolve(localId);
        try {
            return Files.isRegularFile(f) ? Files.readString(f).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The store's id for {@code id} when it was created at a replay, else {@code id} itself. */
    public String resolveRunId(String id) {
        String mapped = mappedId(id);
        return mapped != null ? mapped : id;
    }

    void deleteReplayed(Path f, String filesFolder) {
        try {
            Files.deleteIfExists(f);
            if (filesFolder != null) TempDirs.deleteQuietly(filesFolder(filesFolder));
        } catch (IOException e) {
            Log.warnOnce("spool-delete:" + dir, "cannot delete replayed spool file " + f + ": " + e.getMessage());
        }
    }

    /** Moves a refused operation aside into {@code failed/}; its files stay under {@code files/}. */
    void quarantine(Path f) throws IOException {
        Path failed = createDirs(dir.resolve("failed"));
        Files.move(f, failed.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The folders of every store under {@code root}. */
    static List<Path> folders(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).sorted().forEach(out::add);
        }
        return out;
    }

    /** The spool in {@code folder} as it names its store; null when it names none (empty, or not a spool). */
    static Spool inFolder(Path folder) {
        try {
            Path storeFile = folder.resolve(STORE_FILE);
            if (Files.isRegularFile(storeFile)) {
                JsonNode s = read(storeFile);
                return new Spool(folder, new StoreIdentity(s.path("store").asText(), s.path("tracking_uri").asText()));
            }
            List<Path> files = new Spool(folder, new StoreIdentity("", "")).pending();
            if (files.isEmpty()) return null;
            String uri = read(files.get(0)).path("tracking_uri").asText(null); // written before .store.json existed
            return uri == null ? null : new Spool(folder, new StoreIdentity(uri, uri));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
