package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.search.InMemorySearch;
import io.jmlflow.internal.search.OrderBy;
import io.jmlflow.internal.search.SearchFilter;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.jmlflow.internal.store.file.StoreLayout.META;
import static io.jmlflow.internal.store.file.StoreLayout.TAGS;

/**
 * Experiments in the file store: {@code <root>/<id>/meta.yaml} with tags in {@code tags/}; deleting moves the
 * directory to {@code <root>/.trash} and marks its runs deleted, restoring moves it back, as MLflow does.
 */
final class ExperimentFiles {
    private static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

    private final FileStore store;
    private final StoreLayout layout;

    ExperimentFiles(FileStore store) {
        this.store = store;
        this.layout = store.layout;
    }

    /** Creates the directory (fails when the id is taken), then the tags, then meta.yaml. */
    void createExperimentWithId(String id, String name, String artifactLocation, List<Tag> tags)
            throws IOException {
        Path dir = layout.activeExperimentDir(id);
        Files.createDirectory(dir);
        String location = artifactLocation == null || artifactLocation.isBlank()
                ? StoreLayout.appendToUri(layout.rootUri, id) : StoreLayout.resolveArtifactLocation(artifactLocation);
        for (Tag t : tags) FileStore.writeValue(dir, TAGS, t.key(), t.value());
        FileStore.writeMeta(dir, MetaMaps.experiment(id, name, location, FileStore.now()));
    }

    String create(String name, String artifactLocation, List<Tag> tags) {
        checkExperimentName(name);
        List<Tag> tagList = tags == null ? List.of() : tags;
        for (Tag t : tagList) StoreLayout.checkKey("tag", t.key());
        return store.io("create experiment '" + name + "'", () -> {
            store.ensureRoot();
            try (NameLock ignored = NameLock.acquire(layout.root)) {
                return createLocked(name, artifactLocation, tagList);
            }
        });
    }

    /**
     * Holding the store's name lock: a name is looked up and created as one step, so processes that create the same
     * name at once get one experiment (the others find it when they look again, as MLflow's SQL stores answer).
     */
    private String createLocked(String name, String artifactLocation, List<Tag> tagList) throws IOException {
        {
            Experiment existing = findByName(name);
            if (existing != null) {
                throw new MlflowException(MlflowException.RESOURCE_ALREADY_EXISTS, existing.lifecycleStage()
                        == LifecycleStage.DELETED ? "Experiment '" + name + "' already exists in deleted state. "
                        + "Restore it, or permanently delete it from " + layout.trash + ", to use the name again."
                        : "Experiment '" + name + "' already exists.");
            }
            for (int attempt = 0; ; attempt++) {
                // MLflow's ids: 18 random digits, no leading zero.
                String id = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L,
                        1_000_000_000_000_000_000L));
                try {
                    createExperimentWithId(id, name, artifactLocation, tagList);
                    return id;
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 5) throw e;
                }
            }
        }
    }

    private static void checkExperimentName(String name) {
        if (name == null || name.isEmpty()) {
            throw MlflowException.invalid("Invalid experiment name: '" + name + "'. Expects a non-empty string.");
        }
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw MlflowException.invalid("Experiment name exceeds the maximum length of " + MAX_EXPERIMENT_NAME_LENGTH);
        }
    }

    /** The experiment in {@code dir}, or null when its meta.yaml is missing or names another id. */
    private Experiment readExperiment(Path dir) throws IOException {
        Map<String, Object> meta = MetaYaml.read(dir.resolve(META));
        if (meta == null) return null;
        String id = dir.getFileName().toString();
        if (!id.equals(MetaYaml.string(meta, "experiment_id"))) {
            Log.warnOnce("exp-id-mismatch:" + dir, "ignoring experiment directory " + dir + ": its meta.yaml names "
                    + "experiment '" + MetaYaml.string(meta, "experiment_id") + "'");
            return null;
        }
        return MetaMaps.experiment(meta, FileOps.readTree(dir.resolve(TAGS)));
    }

    Experiment get(String experimentId) {
        String id = experimentId == null ? FileStore.DEFAULT_EXPERIMENT_ID : experimentId;
        if (FileStore.DEFAULT_EXPERIMENT_ID.equals(id)) store.ensureRootQuietly();
        return store.io("read experiment " + id, () -> {
            Path dir = layout.experimentDir(id);
            Experiment e = null;
            for (int attempt = 0; dir != null && e == null && attempt < 3; attempt++) {
                if (attempt > 0) sleepQuietly(50L * attempt); // a creator may be between mkdir and meta.yaml
                e = readExperiment(dir);
            }
            if (e == null) throw FileStore.notFound("Could not find experiment with ID " + id);
            return e;
        });
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Experiment> list(ViewType viewType) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (viewType.includes(LifecycleStage.ACTIVE)) dirs.addAll(layout.activeExperimentDirs());
        if (viewType.includes(LifecycleStage.DELETED)) dirs.addAll(layout.deletedExperimentDirs());
        List<Experiment> out = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                Experiment e = readExperiment(dir);
                if (e != null) out.add(e);
            } catch (IOException | RuntimeException e) {
                Log.warnOnce("bad-exp:" + dir, "skipped malformed experiment " + dir + ": " + e.getMessage());
            }
        }
        return out;
    }

    Experiment findByName(String name) throws IOException {
        Experiment deleted = null;
        for (Experiment e : list(ViewType.ALL)) {
            if (!e.name().equals(name)) continue;
            if (e.lifecycleStage() == LifecycleStage.ACTIVE) return e;
            deleted = e;
        }
        return deleted;
    }

    Experiment getByName(String name) {
        if (name == null) return null;
        store.ensureRootQuietly();
        return store.io("search experiments", () -> findByName(name));
    }

    Page<Experiment> search(ViewType viewType, int maxResults, String filter, List<String> orderBy,
                            String pageToken) {
        FileStore.checkMaxResults(maxResults);
        SearchFilter.parse(filter);
        OrderBy.parse(orderBy);
        store.ensureRootQuietly();
        List<Experiment> all = store.io("search experiments", () -> list(viewType == null ? ViewType.ACTIVE_ONLY : viewType));
        return InMemorySearch.experiments(all, filter, orderBy, maxResults, pageToken);
    }

    void delete(String experimentId) {
        if (FileStore.DEFAULT_EXPERIMENT_ID.equals(experimentId)) {
            throw MlflowException.invalid("Cannot delete the default experiment '0'. This is an internally reserved "
                    + "experiment.");
        }
        StoreLayout.checkExperimentId(experimentId);
        store.ioVoid("delete experiment " + experimentId, () -> {
            Path dir = layout.activeExperimentDir(experimentId);
            Map<String, Object> meta = Files.isDirectory(dir) ? MetaYaml.read(dir.resolve(META)) : null;
            if (meta == null) throw FileStore.notFound("Could not find experiment with ID " + experimentId);
            long now = FileStore.now();
            setRunsLifecycle(dir, LifecycleStage.ACTIVE, LifecycleStage.DELETED, now);
            meta.put("lifecycle_stage", LifecycleStage.DELETED.text());
            meta.put("last_update_time", now);
            meta.put("tags", FileOps.readTree(dir.resolve(TAGS)));
            FileStore.writeMeta(dir, meta);
            Files.createDirectories(layout.trash);
            Files.move(dir, layout.deletedExperimentDir(experimentId), StandardCopyOption.ATOMIC_MOVE);
            layout.forgetLocations();
            return null;
        });
    }

    void restore(String experimentId) {
        StoreLayout.checkExperimentId(experimentId);
        store.ioVoid("restore experiment " + experimentId, () -> {
            Path deleted = layout.deletedExperimentDir(experimentId);
            if (!Files.isDirectory(deleted)) throw FileStore.notFound("Could not find deleted experiment with ID " + experimentId);
            Path active = layout.activeExperimentDir(experimentId);
            if (Files.exists(active)) {
                throw new MlflowException(MlflowException.RESOURCE_ALREADY_EXISTS, "Cannot restore experiment with ID "
                        + experimentId + ". An experiment with same ID already exists.");
            }
            Files.move(deleted, active, StandardCopyOption.ATOMIC_MOVE);
            layout.forgetLocations();
            setRunsLifecycle(active, LifecycleStage.DELETED, LifecycleStage.ACTIVE, null);
            Map<String, Object> meta = MetaYaml.read(active.resolve(META));
            if (meta == null) throw FileStore.notFound("Could not find experiment with ID " + experimentId);
            meta.put("lifecycle_stage", LifecycleStage.ACTIVE.text());
            meta.put("last_update_time", FileStore.now());
            meta.put("tags", FileOps.readTree(active.resolve(TAGS)));
            FileStore.writeMeta(active, meta);
            return null;
        });
    }

    /** Moves every run of an experiment from one lifecycle stage to another, as MLflow does on (un)delete. */
    private void setRunsLifecycle(Path experimentDir, LifecycleStage from, LifecycleStage to, Long deletedTime)
            throws IOException {
        for (Path runDir : StoreLayout.runDirs(experimentDir)) {
            synchronized (FileStore.metaLock(runDir)) {
                Map<String, Object> meta = MetaYaml.read(runDir.resolve(META));
                if (meta == null || LifecycleStage.fromText(MetaYaml.string(meta, "lifecycle_stage")) != from) continue;
                meta.put("lifecycle_stage", to.text());
                if (deletedTime != null) meta.put("deleted_time", deletedTime);
                else meta.remove("deleted_time");
                FileStore.writeMeta(runDir, meta);
            }
        }
    }

    void rename(String experimentId, String newName) {
        checkExperimentName(newName);
        store.ioVoid("rename experiment " + experimentId, () -> {
            Path dir = layout.experimentDir(experimentId);
            Map<String, Object> meta = dir == null ? null : MetaYaml.read(dir.resolve(META));
            if (meta == null) throw FileStore.notFound("Experiment '" + experimentId + "' does not exist.");
            if (MetaMaps.isDeleted(meta) || !dir.equals(layout.activeExperimentDir(experimentId))) {
                throw new MlflowException(MlflowException.INVALID_STATE, "Cannot rename experiment in non-active "
                        + "lifecycle stage. Current stage: deleted");
            }
            try (NameLock ignored = NameLock.acquire(layout.root)) {
                if (findByName(newName) != null) {
                    throw new MlflowException(MlflowException.RESOURCE_ALREADY_EXISTS,
                            "Experiment '" + newName + "' already exists.");
                }
                synchronized (FileStore.metaLock(dir)) {
                    meta.put("name", newName);
                    meta.put("last_update_time", FileStore.now());
                    meta.put("tags", FileOps.readTree(dir.resolve(TAGS)));
                    FileStore.writeMeta(dir, meta);
                }
            }
            return null;
        });
    }

    void setTag(String experimentId, Tag tag) {
        StoreLayout.checkKey("tag", tag.key());
        Experiment e = get(experimentId);
        if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw MlflowException.invalid("The experiment " + experimentId + " must be in the 'active' lifecycle_stage "
                    + "to set tags");
        }
        store.ioVoid("set a tag on experiment " + experimentId, () -> {
            FileStore.writeValue(layout.activeExperimentDir(experimentId), TAGS, tag.key(), tag.value());
            return null;
        });
    }
}
