package io.jmlflow.internal.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed run {@code meta.yaml} files, reused while the file is unchanged, so that logging many small batches to
 * one run does not parse YAML on every call. A file counts as unchanged while its inode, size and modification
 * time are; every writer (ours and MLflow's) replaces or rewrites the file, which changes at least one of them.
 */
final class RunMetaCache {
    private static final int MAX_ENTRIES = 4096;

    private record Entry(List<Object> version, Map<String, Object> meta) {
    }

    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();

    /** The parsed file (read-only), or null when it does not exist. */
    Map<String, Object> read(Path metaFile) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(metaFile, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            entries.remove(metaFile);
            return null;
        }
        List<Object> version = java.util.Arrays.asList(attrs.fileKey(), attrs.size(), attrs.lastModifiedTime());
        Entry cached = entries.get(metaFile);
        if (cached != null && attrs.fileKey() != null && cached.version.equals(version)) return cached.meta;
        Map<String, Object> meta = MetaYaml.read(metaFile);
        if (meta == null) return null;
        meta = Collections.unmodifiableMap(meta);
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(metaFile, new Entry(version, meta));
        return meta;
    }
}
