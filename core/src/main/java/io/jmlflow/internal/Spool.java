package io.jmlflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Keeps log batches that a store could not take because it was unreachable (after its own retries), in files
 * under {@code spool.dir} (default {@code ~/.mlflow-java/spool}), one folder per tracking URI. They are replayed
 * in order when the store answers again, at the next start, or by {@code java -jar mlflow-agent.jar sync}.
 * Replays are safe to repeat: MLflow ignores a metric point it already has, and params keep the same value.
 * Folders are {@code rwx------} and files {@code rw-------} ({@link OwnerOnlyFiles}): they hold params and tags.
 */
public final class Spool {
    /** Jackson is loaded only when something is spooled or replayed, not by the start-up check for leftovers. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final AtomicLong SEQ = new AtomicLong();
    private static final java.util.concurrent.ConcurrentHashMap<String, Object> REPLAY_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Path dir;
    private final String trackingUri;

    public Spool(String trackingUri) {
        this(defaultRoot().resolve(folderName(trackingUri)), trackingUri);
    }

    public Spool(Path dir, String trackingUri) {
        this.dir = dir;
        this.trackingUri = trackingUri;
    }

    public static Path defaultRoot() {
        String configured = MlflowConfig.get("spool.dir");
        return configured != null ? Paths.get(configured)
                : Paths.get(System.getProperty("user.home"), ".mlflow-java", "spool");
    }

    /** A folder name for a URI: readable host part plus a hash, never the credentials in it. */
    static String folderName(String uri) {
        String noCreds = Redaction.withoutCredentials(uri);
        String readable = noCreds.replaceAll("[^A-Za-z0-9.-]+", "_");
        if (readable.length() > 60) readable = readable.substring(0, 60);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(noCreds.getBytes(StandardCharsets.UTF_8));
            return readable + '-' + java.util.HexFormat.of().formatHex(h, 0, 6);
        } catch (Exception e) {
            return readable;
        }
    }

    public Path dir() { return dir; }

    /** Writes one batch to the spool (atomically: a reader never sees half a file). */
    public void append(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) throws IOException {
        ObjectNode batch = Json.MAPPER.createObjectNode();
        batch.put("tracking_uri", trackingUri);
        batch.put("run_id", runId);
        ArrayNode ms = batch.putArray("metrics");
        for (Metric m : metrics) {
            ObjectNode o = ms.addObject();
            o.put("key", m.key());
            o.put("value", Double.toString(m.value()));
            o.put("timestamp", m.timestamp());
            o.put("step", m.step());
        }
        ArrayNode ps = batch.putArray("params");
        for (Param p : params) ps.addObject().put("key", p.key()).put("value", p.value());
        ArrayNode ts = batch.putArray("tags");
        for (Tag t : tags) ts.addObject().put("key", t.key()).put("value", t.value());
        write(batch);
    }

    /** Spools a run status change (the end of a run) that the store could not take. */
    public void appendRunUpdate(String runId, io.jmlflow.entities.RunStatus status, long endTime) throws IOException {
        ObjectNode op = Json.MAPPER.createObjectNode();
        op.put("tracking_uri", trackingUri);
        op.put("op", "update_run");
        op.put("run_id", runId);
        op.put("status", status.name());
        op.put("end_time", endTime);
        write(op);
    }

    private void write(ObjectNode node) throws IOException {
        OwnerOnlyFiles.privateDirectory(dir);
        String name = String.format("%013d-%06d-%d.json", System.currentTimeMillis(), SEQ.incrementAndGet() % 1_000_000,
                ProcessHandle.current().pid());
        Path tmp = dir.resolve("." + name + ".tmp");
        OwnerOnlyFiles.write(tmp, Json.MAPPER.writeValueAsBytes(node));
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Spooled batches waiting, oldest first. */
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
     * transient failure (the store is still away); an operation the store refuses for good is moved to
     * {@code failed/} with a warning, never silently dropped. Runs that were created while the store was away get
     * their real id at replay; the mapping is kept in {@code ids/} so a later replay still finds it.
     */
    public ReplayResult replay(TrackingStore store) {
        // One replay at a time per spool folder: within this JVM (several Spool objects may name it) and across
        // processes (a training JVM and `sync`), or the same batch could be sent twice and a run created twice.
        Object jvmLock = REPLAY_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize().toString(), k -> new Object());
        synchronized (jvmLock) {
            if (!Files.isDirectory(dir)) return new ReplayResult(0, 0, 0, null);
            try (java.nio.channels.FileChannel ch = OwnerOnlyFiles.openForLocking(
                    OwnerOnlyFiles.privateDirectory(dir).resolve(".replay.lock"));
                 java.nio.channels.FileLock ignored = ch.lock()) {
                return replayLocked(store);
            } catch (IOException e) {
                return new ReplayResult(0, 0, pending().size(), "cannot lock the spool: " + e.getMessage());
            }
        }
    }

    private ReplayResult replayLocked(TrackingStore store) {
        int batches = 0;
        long entries = 0;
        List<Path> files = pending();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            JsonNode op;
            try {
                OwnerOnlyFiles.makePrivate(f); // one another user owns is refused (moved aside) unread
                op = Json.MAPPER.readTree(Files.readAllBytes(f));
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // replayed meanwhile
            } catch (IOException e) {
                quarantine(f, "unreadable: " + e.getMessage());
                continue;
            }
            long n;
            try {
                n = apply(store, op);
            } catch (MlflowException e) {
                if (e.isTransient()) return new ReplayResult(batches, entries, files.size() - i, e.getMessage());
                quarantine(f, e.getMessage());
                continue;
            } catch (RuntimeException | IOException e) {
                return new ReplayResult(batches, entries, files.size() - i, e.toString());
            }
            deleteReplayed(f);
            batches++;
            entries += n;
        }
        return new ReplayResult(batches, entries, 0, null);
    }

    /** Applies one spooled operation; returns how many entries it carried. */
    private long apply(TrackingStore store, JsonNode op) throws IOException {
        switch (op.path("op").asText("log_batch")) {
            case "create_run": {
                String localId = op.get("run_id").asText();
                if (serverRunId(localId) != null) return 0; // created by an earlier, interrupted replay
                String experimentId = op.path("experiment_id").asText(null);
                String experimentName = op.path("experiment_name").asText(null);
                if (experimentName != null) {
                    io.jmlflow.entities.Experiment e = store.getExperimentByName(experimentName);
                    if (e == null) {
                        try {
                            experimentId = store.createExperiment(experimentName, null, List.of());
                        } catch (MlflowException exists) {
                            if (!MlflowException.RESOURCE_ALREADY_EXISTS.equals(exists.errorCode())) throw exists;
                            experimentId = store.getExperimentByName(experimentName).experimentId();
                        }
                    } else {
                        experimentId = e.experimentId();
                    }
                }
                List<Tag> tags = new ArrayList<>();
                for (JsonNode t : op.path("tags")) tags.add(new Tag(t.get("key").asText(), t.get("value").asText()));
                String created = store.createRun(experimentId == null ? "0" : experimentId, op.path("user_id").asText(null),
                        op.get("start_time").asLong(), tags, op.path("run_name").asText(null)).info().runId();
                Path ids = OwnerOnlyFiles.privateDirectory(dir.resolve("ids"));
                OwnerOnlyFiles.write(ids.resolve(localId), created.getBytes(StandardCharsets.UTF_8));
                Log.info("run " + op.path("run_name").asText() + " started while " + trackingUri + " was unreachable is "
                        + created + " there");
                return 0;
            }
            case "update_run":
                store.updateRunInfo(runId(op), io.jmlflow.entities.RunStatus.valueOf(op.get("status").asText()),
                        op.get("end_time").asLong(), null);
                return 0;
            default: {
                List<Metric> metrics = new ArrayList<>();
                for (JsonNode m : op.path("metrics")) {
                    metrics.add(new Metric(m.get("key").asText(), Double.parseDouble(m.get("value").asText()),
                            m.get("timestamp").asLong(), m.get("step").asLong()));
                }
                List<Param> params = new ArrayList<>();
                for (JsonNode p : op.path("params")) params.add(new Param(p.get("key").asText(), p.get("value").asText()));
                List<Tag> tags = new ArrayList<>();
                for (JsonNode t : op.path("tags")) tags.add(new Tag(t.get("key").asText(), t.get("value").asText()));
                store.logBatch(runId(op), metrics, params, tags);
                return metrics.size() + params.size() + tags.size();
            }
        }
    }

    /** The store's id for a run in a spooled operation (a run created while the store was away has a new one). */
    private String runId(JsonNode op) throws IOException {
        String id = op.get("run_id").asText();
        String mapped = serverRunId(id);
        return mapped != null ? mapped : id;
    }

    /** The store's id for {@code runId} when it was created at a replay, else {@code runId} itself. */
    public String resolveRunId(String runId) {
        try {
            String mapped = serverRunId(runId);
            return mapped != null ? mapped : runId;
        } catch (IOException e) {
            return runId;
        }
    }

    private String serverRunId(String localId) throws IOException {
        Path f = dir.resolve("ids").resolve(localId);
        return Files.isRegularFile(f) ? Files.readString(f).trim() : null;
    }

    /** Spools the creation of a run that the store could not create now; {@code localRunId} stands for it meanwhile. */
    public void appendRunCreate(String localRunId, String experimentId, String experimentName, String userId,
                                long startTime, String runName, java.util.Map<String, String> tags) throws IOException {
        ObjectNode op = Json.MAPPER.createObjectNode();
        op.put("tracking_uri", trackingUri);
        op.put("op", "create_run");
        op.put("run_id", localRunId);
        if (experimentId != null) op.put("experiment_id", experimentId);
        if (experimentName != null) op.put("experiment_name", experimentName);
        op.put("user_id", userId);
        op.put("start_time", startTime);
        op.put("run_name", runName);
        ArrayNode ts = op.putArray("tags");
        tags.forEach((k, v) -> ts.addObject().put("key", k).put("value", v));
        write(op);
    }

    private void deleteReplayed(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            Log.warnOnce("spool-delete:" + dir, "cannot delete replayed spool file " + f + ": " + e.getMessage());
        }
    }

    private void quarantine(Path f, String why) {
        try {
            Path failed = OwnerOnlyFiles.privateDirectory(dir.resolve("failed"));
            Files.move(f, failed.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Log.warn("spooled batch " + f.getFileName() + " was refused by " + trackingUri + " (" + why + "); kept in "
                    + failed);
        } catch (IOException e) {
            Log.warn("spooled batch " + f + " was refused (" + why + ") and could not be moved aside: " + e.getMessage());
        }
    }
}
