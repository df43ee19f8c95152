package io.jmlflow.internal.store.file;

import io.jmlflow.internal.PythonFloats;
import io.jmlflow.entities.Metric;
import io.jmlflow.internal.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Metric files: one line per point, {@code <timestamp> <value> <step>} for runs and
 * {@code <timestamp> <value> <step> <run_id>} for logged models, followed by {@code <dataset_name> <dataset_digest>}
 * when the point names its dataset, values in Python's float syntax. Run lines never carry the dataset: MLflow 3.17's
 * file store reads a run line of five fields as step 0.
 *
 * <p>Appends hold an exclusive {@link FileLock} on the file (so two JVMs never interleave) plus an in-JVM lock
 * (the OS lock is per process), and write all the lines of one call with one {@code O_APPEND} write. A write
 * that fails halfway (disk full) is truncated back so the file keeps whole lines only.
 */
final class MetricFiles {
    private static final ReentrantLock[] STRIPES = new ReentrantLock[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) STRIPES[i] = new ReentrantLock();
    }

    private MetricFiles() {
    }

    /** Appends a run metric line: {@code <timestamp> <value> <step>}. */
    static void appendRunLine(StringBuilder b, Metric m) {
        b.append(m.timestamp()).append(' ');
        PythonFloats.append(b, m.value());
        b.append(' ').append(m.step()).append('\n');
    }

    /**
     * Appends a logged-model metric line: {@code <timestamp> <value> <step> <run_id>}, then
     * {@code <dataset_name> <dataset_digest>} when the point names a dataset whose name and digest fit in one field.
     */
    static void appendModelLine(StringBuilder b, Metric m, String runId) {
        b.append(m.timestamp()).append(' ');
        PythonFloats.append(b, m.value());
        b.append(' ').append(m.step()).append(' ').append(runId == null ? "None" : runId);
        if (m.hasDataset() && isField(m.datasetName()) && isField(m.datasetDigest())) {
            b.append(' ').append(m.datasetName()).append(' ').append(m.datasetDigest());
        }
        b.append('\n');
    }

    /** A nonempty ASCII value without whitespace: one field of a metric line. */
    private static boolean isField(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > '~') return false;
        }
        return true;
    }

    /** Appends whole lines to {@code file}, creating it (and its directories) when missing. */
    static void append(Path file, String lines) throws IOException {
        byte[] bytes = lines.getBytes(StandardCharsets.US_ASCII);
        ReentrantLock local = STRIPES[(file.toString().hashCode() & 0x7fffffff) % STRIPES.length];
        local.lock();
        try (FileChannel ch = openForAppend(file)) {
            FileLock lock = lockExclusively(ch);
            try {
                long before = ch.size();
                try {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) ch.write(buf);
                } catch (IOException e) {
                    try {
                        ch.truncate(before);
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            } finally {
                lock.release();
            }
        } finally {
            local.unlock();
        }
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
    }

    private static FileLock lockExclusively(FileChannel ch) throws IOException {
        while (true) {
            try {
                return ch.lock();
            } catch (OverlappingFileLockException e) {
                // Another thread of this JVM holds the file through a differently spelled path: wait for it.
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the lock on a metric file", ie);
                }
            }
        }
    }

    /** Every point of a run metric, in file order; empty when the file does not exist. */
    static List<Metric> readRunHistory(Path file, String key) throws IOException {
        List<Metric> out = new ArrayList<>();
        for (String[] f : lines(file)) {
            if (f.length != 2 && f.length != 3 && f.length != 5) {
                malformed(file, String.join(" ", f));
                continue;
            }
            try {
                out.add(new Metric(key, PythonFloats.parse(f[1]), Long.parseLong(f[0]),
                        f.length >= 3 ? Long.parseLong(f[2]) : 0L));
            } catch (NumberFormatException e) {
                malformed(file, String.join(" ", f));
            }
        }
        return out;
    }

    /**
     * The latest value of a logged model's metric per dataset, as MLflow computes it; lines carry the run id
     * and optionally a dataset name and digest.
     */
    static List<Metric> readModelLatest(Path file, String key) throws IOException {
        Map<List<String>, Metric> latest = new LinkedHashMap<>();
        for (String[] f : lines(file)) {
            if (f.length != 4 && f.length != 6) {
                malformed(file, String.join(" ", f));
                continue;
            }
            try {
                Metric m = new Metric(key, PythonFloats.parse(f[1]), Long.parseLong(f[0]), Long.parseLong(f[2]),
                        f.length == 6 ? f[4] : null, f.length == 6 ? f[5] : null);
                List<String> dataset = f.length == 6 ? List.of(f[4], f[5]) : List.of();
                Metric cur = latest.get(dataset);
                if (cur == null || isLater(m, cur)) latest.put(dataset, m);
            } catch (NumberFormatException e) {
                malformed(file, String.join(" ", f));
            }
        }
        return new ArrayList<>(latest.values());
    }

    /** The point MLflow shows as a run's value: highest step, then latest timestamp, then largest value. */
    static Metric latest(List<Metric> history) {
        Metric best = null;
        for (Metric m : history) if (best == null || isLater(m, best)) best = m;
        return best;
    }

    /** Python's {@code max(key=(step, timestamp, value))}: replaces only when strictly greater (NaN never is). */
    private static boolean isLater(Metric m, Metric cur) {
        if (m.step() != cur.step()) return m.step() > cur.step();
        if (m.timestamp() != cur.timestamp()) return m.timestamp() > cur.timestamp();
        return m.value() > cur.value();
    }

    private static List<String[]> lines(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).trim();
                if (!line.isEmpty()) out.add(line.split(" "));
                start = i + 1;
            }
        }
        return out;
    }

    private static void malformed(Path file, String line) {
        Log.warnOnce("malformed-metric:" + file, "skipped a malformed line in metric file " + file + ": '"
                + (line.length() > 80 ? line.substring(0, 77) + "..." : line) + "'");
    }

    /** Lines of one run's metrics, grouped by key in first-seen order, ready to append. */
    static Map<String, StringBuilder> groupRunLines(List<Metric> metrics) {
        Map<String, StringBuilder> byKey = new LinkedHashMap<>();
        String lastKey = null;
        StringBuilder last = null;
        for (Metric m : metrics) {
            Objects.requireNonNull(m, "metric");
            // Batches usually repeat one key many times: skip the map lookup when the key did not change.
            if (last == null || !m.key().equals(lastKey)) {
                lastKey = m.key();
                last = byKey.computeIfAbsent(lastKey, k -> new StringBuilder(64 * 16));
            }
            appendRunLine(last, m);
        }
        return byKey;
    }
}
