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
import io.jmlflow.store.TrackingStore;

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
 */
public final class Spool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQ = new AtomicLong();
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
        String noCreds = uri.replaceAll("//[^/@]*@", "//");
        String readable = noCreds.replaceAll("[^A-Za-z0-9.-]+", "_");
        if (readable.length() > 60) readable = readable.substring(0, 60);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(noCreds.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder(readable).append('-');
            for (int i = 0; i < 6; i++) b.append(String.format("%02x", h[i]));
            return b.toString();
        } catch (Exception e) {
            return readable;
        }
    }

    public Path dir() { return dir; }

    /** Writes one batch to the spool (atomically: a reader never sees half a file). */
    public void append(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) throws IOException {
        ObjectNode batch = JSON.createObjectNode();
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
        ObjectNode op = JSON.createObjectNode();
        op.put("tracking_uri", trackingUri);
        op.put("op", "update_run");
        op.put("run_id", runId);
        op.put("status", status.name());
        op.put("end_time", endTime);
        write(op);
    }

    private void write(ObjectNode node) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("%013d-%06d-%d.json", System.currentTimeMillis(), SEQ.incrementAndGet() % 1_000_000,
                ProcessHandle.current().pid());
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(node));
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Spooled batches waiting, oldest first. */
    public List<Path> pending() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
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
     * Sends spooled batches to {@code store} in order, deleting each once the store took it. Stops at the first
     * transient failure (the store is still away); a batch the store refuses for good is moved to {@code failed/}
     * with a warning, never silently dropped.
     */
    public synchronized ReplayResult replay(TrackingStore store) {
        int batches = 0;
        long entries = 0;
        List<Path> files = pending();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            JsonNode batch;
            try {
                batch = JSON.readTree(Files.readAllBytes(f));
            } catch (IOException e) {
                quarantine(f, "unreadable: " + e.getMessage());
                continue;
            }
            if ("update_run".equals(batch.path("op").asText())) {
                try {
                    store.updateRunInfo(batch.get("run_id").asText(),
                            io.jmlflow.entities.RunStatus.valueOf(batch.get("status").asText()),
                            batch.get("end_time").asLong(), null);
                } catch (MlflowException e) {
                    if (e.isTransient()) return new ReplayResult(batches, entries, files.size() - i, e.getMessage());
                    quarantine(f, e.getMessage());
                    continue;
                } catch (RuntimeException e) {
                    return new ReplayResult(batches, entries, files.size() - i, e.toString());
                }
                deleteReplayed(f);
                batches++;
                continue;
            }
            List<Metric> metrics = new ArrayList<>();
            for (JsonNode m : batch.path("metrics")) {
                metrics.add(new Metric(m.get("key").asText(), Double.parseDouble(m.get("value").asText()),
                        m.get("timestamp").asLong(), m.get("step").asLong()));
            }
            List<Param> params = new ArrayList<>();
            for (JsonNode p : batch.path("params")) params.add(new Param(p.get("key").asText(), p.get("value").asText()));
            List<Tag> tags = new ArrayList<>();
            for (JsonNode t : batch.path("tags")) tags.add(new Tag(t.get("key").asText(), t.get("value").asText()));
            try {
                store.logBatch(batch.get("run_id").asText(), metrics, params, tags);
            } catch (MlflowException e) {
                if (e.isTransient()) {
                    return new ReplayResult(batches, entries, files.size() - i, e.getMessage());
                }
                quarantine(f, e.getMessage());
                continue;
            } catch (RuntimeException e) {
                return new ReplayResult(batches, entries, files.size() - i, e.toString());
            }
            deleteReplayed(f);
            batches++;
            entries += metrics.size() + params.size() + tags.size();
        }
        return new ReplayResult(batches, entries, 0, null);
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
            Path failed = Files.createDirectories(dir.resolve("failed"));
            Files.move(f, failed.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Log.warn("spooled batch " + f.getFileName() + " was refused by " + trackingUri + " (" + why + "); kept in "
                    + failed);
        } catch (IOException e) {
            Log.warn("spooled batch " + f + " was refused (" + why + ") and could not be moved aside: " + e.getMessage());
        }
    }
}
