package io.jmlflow.internal.artifacts.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a multipart upload of one file to one destination has done so far, kept on disk so that a later attempt (a
 * retry, a spool replay, the next process) resumes it instead of sending the whole file again: the upload's id, the
 * presigned part URLs when the tracking server handed them out, and one line per part the store took. The file is
 * named after the destination and the file's path, size and modification time, so a changed file starts afresh.
 * Owner-only ({@link OwnerOnlyFiles}): presigned URLs grant writes until they expire. A journal that cannot be
 * written costs only the resuming (one warning).
 */
public final class UploadJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STALE_MS = TimeUnit.DAYS.toMillis(7);

    /**
     * An upload found in the journal: its id, when it started, what the uploader kept with it (the presigned part
     * URLs, for one) and the ETag of every part the store took, by part number.
     */
    public record Saved(String uploadId, long createdMillis, JsonNode extra, Map<Integer, String> parts) {
    }

    private final Path dir;
    private final Path file;
    private final ObjectNode identity;
    private FileChannel appender;
    private boolean broken;

    private UploadJournal(Path dir, Path file, ObjectNode identity) {
        this.dir = dir;
        this.file = file;
        this.identity = identity;
    }

    /** The journal of uploading {@code localFile} to {@code destination} in {@code plan}'s parts. */
    public static UploadJournal of(Path stateDir, String destination, Path localFile, PartPlan plan) {
        ObjectNode id = JSON.createObjectNode();
        id.put("destination", destination);
        id.put("file", localFile.toAbsolutePath().normalize().toString());
        id.put("size", plan.fileSize());
        try {
            id.put("mtime", Files.getLastModifiedTime(localFile).toMillis());
        } catch (IOException e) {
            id.put("mtime", -1L);
        }
        id.put("part_size", plan.partSize());
        return new UploadJournal(stateDir, stateDir.resolve(sha256(id.toString()) + ".journal"), id);
    }

    /** The upload this journal holds for this file and destination, or null. */
    public synchronized Saved load() {
        if (!Files.isRegularFile(file)) return null;
        try {
            OwnerOnlyFiles.makePrivate(file); // refuses one another user owns
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) return null;
            JsonNode head = JSON.readTree(lines.get(0));
            for (Map.Entry<String, JsonNode> f : identity.properties()) {
                // as text: a number read back may be an int where a long was written
                if (!f.getValue().asText().equals(head.path(f.getKey()).asText())) return null;
            }
            Map<Integer, String> parts = new TreeMap<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                try {
                    JsonNode p = JSON.readTree(line);
                    parts.put(p.get("part").asInt(), p.get("etag").asText());
                } catch (IOException | RuntimeException torn) {
                    // a line cut short by a crash: that part is sent again
                }
            }
            return new Saved(head.path("upload_id").asText(), head.path("created").asLong(), head.path("extra"), parts);
        } catch (IOException | RuntimeException e) {
            Log.debug("upload journal " + file + " unreadable; starting afresh", e);
            return null;
        }
    }

    /** Starts the journal of a new upload (replacing any older one), keeping {@code extra} with it (may be null). */
    public synchronized void start(String uploadId, JsonNode extra) {
        closeAppender();
        ObjectNode head = identity.deepCopy();
        head.put("upload_id", uploadId);
        head.put("created", System.currentTimeMillis());
        if (extra != null) head.set("extra", extra);
        try {
            OwnerOnlyFiles.privateDirectory(dir);
            sweepStale();
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            OwnerOnlyFiles.write(tmp, (head.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            broken = false;
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Records that the store took part {@code number}. */
    public synchronized void partDone(int number, String etag) {
        if (broken) return;
        try {
            if (appender == null) appender = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            ObjectNode line = JSON.createObjectNode().put("part", number).put("etag", etag);
            ByteBuffer b = ByteBuffer.wrap((line.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) appender.write(b);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Forgets the upload (it completed, or it cannot be resumed). */
    public synchronized void delete() {
        closeAppender();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.debug("cannot delete upload journal " + file, e);
        }
    }

    public Path path() { return file; }

    private void fail(Exception e) {
        broken = true;
        Log.warnOnce("upload-journal:" + dir, "cannot keep upload progress in " + dir + " (" + e.getMessage()
                + "): an interrupted upload of a large artifact starts again from its first part");
    }

    private void closeAppender() {
        if (appender == null) return;
        try {
            appender.close();
        } catch (IOException ignored) {
            // nothing was pending
        }
        appender = null;
    }

    /** Journals of uploads nobody resumed within a week are forgotten. */
    private void sweepStale() {
        long cutoff = System.currentTimeMillis() - STALE_MS;
        try (DirectoryStream<Path> journals = Files.newDirectoryStream(dir, "*.journal")) {
            for (Path j : journals) {
                if (Files.getLastModifiedTime(j).toMillis() < cutoff) Files.deleteIfExists(j);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(io.jmlflow.internal.Sha256.of(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
}
