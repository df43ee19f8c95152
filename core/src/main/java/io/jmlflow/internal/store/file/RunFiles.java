package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Dataset;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunData;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.RunNames;
import io.jmlflow.internal.search.InMemorySearch;
import io.jmlflow.internal.search.OrderBy;
import io.jmlflow.internal.search.SearchFilter;
import io.jmlflow.internal.store.RegistryStore;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jmlflow.internal.store.file.StoreLayout.ARTIFACTS;
import static io.jmlflow.internal.store.file.StoreLayout.DATASETS;
import static io.jmlflow.internal.store.file.StoreLayout.INPUTS;
import static io.jmlflow.internal.store.file.StoreLayout.META;
import static io.jmlflow.internal.store.file.StoreLayout.METRICS;
import static io.jmlflow.internal.store.file.StoreLayout.OUTPUTS;
import static io.jmlflow.internal.store.file.StoreLayout.PARAMS;
import static io.jmlflow.internal.store.file.StoreLayout.TAGS;

/**
 * Runs in the file store: {@code <root>/<experiment>/<run>/} with {@code meta.yaml}, {@code params/}, {@code tags/},
 * {@code metrics/} (one appended line per point) and {@code artifacts/}, as MLflow's Python {@code FileStore} writes
 * them.
 */
final class RunFiles {
    private final FileStore store;
    private final StoreLayout layout;
    private final RunMetaCache runMetas = new RunMetaCache();

    RunFiles(FileStore store) {
        this.store = store;
        this.layout = store.layout;
    }

    Run createRunWithId(String runId, String experimentId, String userId, long startTime, List<Tag> tags,
                               String runName) {
        String expId = experimentId == null ? FileStore.DEFAULT_EXPERIMENT_ID : experimentId;
        List<Tag> tagList = new ArrayList<>(tags == null ? List.of() : tags);
        for (Tag t : tagList) StoreLayout.checkKey("tag", t.key());
        String tagName = null;
        for (Tag t : tagList) if (FileStore.RUN_NAME_TAG.equals(t.key())) tagName = t.value();
        boolean hasName = runName != null && !runName.isEmpty();
        if (hasName && tagName != null && !runName.equals(tagName)) {
            throw MlflowException.invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with "
                    + "different values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
        }
        String name = hasName ? runName : tagName != null && !tagName.isEmpty() ? tagName : RunNames.generate();
        if (tagName == null || tagName.isEmpty()) tagList.add(new Tag(FileStore.RUN_NAME_TAG, name));
        Experiment exp = store.activeExperimentForWrite(expId, "run");
        return store.io("create a run in experiment " + expId, () -> {
            String artifactUri = StoreLayout.appendToUri(exp.artifactLocation(), runId, ARTIFACTS);
            RunInfo info = new RunInfo(runId, expId, name, userId, RunStatus.RUNNING, startTime, null, artifactUri,
                    LifecycleStage.ACTIVE);
            Path runDir = layout.activeExperimentDir(expId).resolve(runId);
            Files.createDirectory(runDir);
            Files.createDirectory(runDir.resolve(METRICS));
            Files.createDirectory(runDir.resolve(PARAMS));
            Files.createDirectory(runDir.resolve(ARTIFACTS));
            Map<String, String> tagMap = new LinkedHashMap<>();
            for (Tag t : tagList) {
                String value = t.value() == null ? "" : t.value();
                FileStore.writeValue(runDir, TAGS, t.key(), value);
                tagMap.put(t.key(), value);
            }
            Map<String, Object> meta = MetaMaps.run(info);
            meta.put("deleted_time", null);
            // meta.yaml last: readers take a directory without it for something that is not (yet) a run.
            FileStore.writeMeta(runDir, meta);
            layout.rememberRun(runId, runDir);
            return new Run(info, new RunData(List.of(), Map.of(), tagMap));
        });
    }

    /** A run's directory with its meta.yaml as read. */
    record Dir(Path dir, Map<String, Object> meta) {
    }

    /** The run's files (meta read-only); RESOURCE_DOES_NOT_EXIST when no experiment holds it. */
    Dir dir(String runId) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path dir = layout.runDir(runId);
            if (dir == null) throw FileStore.notFound("Run '" + runId + "' not found");
            Map<String, Object> meta = runMetas.read(dir.resolve(META));
            if (meta != null) return new Dir(dir, meta);
            if (attempt == 2) throw FileStore.notFound("Run '" + runId + "' not found");
            // moved (experiment deleted or restored) between the lookup and the read: look again
        }
    }

    /** The run's files, refusing runs that are deleted, as MLflow's {@code check_run_is_active}. */
    Dir activeDir(String runId) throws IOException {
        Dir run = dir(runId);
        if (MetaMaps.isDeleted(run.meta())) {
            throw MlflowException.invalid("The run " + runId + " must be in 'active' lifecycle_stage.");
        }
        return run;
    }

    private Run readRun(Path runDir, Map<String, Object> meta) throws IOException {
        RunInfo info = MetaMaps.runInfo(meta);
        String expectedExp = StoreLayout.experimentIdOf(runDir, false);
        if (!expectedExp.equals(info.experimentId()) || !runDir.getFileName().toString().equals(info.runId())) {
            throw new MlflowException(MlflowException.INVALID_STATE, "Run '" + runDir.getFileName()
                    + "' metadata is in invalid state.");
        }
        Map<String, String> tags = FileOps.readTree(runDir.resolve(TAGS));
        if (info.runName() == null || info.runName().isEmpty()) {
            String fromTag = tags.get(FileStore.RUN_NAME_TAG);
            if (fromTag != null) {
                info = new RunInfo(info.runId(), info.experimentId(), fromTag, info.userId(), info.status(),
                        info.startTime(), info.endTime(), info.artifactUri(), info.lifecycleStage());
            }
        }
        List<Metric> latest = new ArrayList<>();
        Path metricsDir = runDir.resolve(METRICS);
        for (String key : FileOps.listTree(metricsDir)) {
            Metric m = MetricFiles.latest(MetricFiles.readRunHistory(metricsDir.resolve(key), key));
            if (m != null) latest.add(m);
        }
        Map<String, String> params = FileOps.readTree(runDir.resolve(PARAMS));
        return new Run(info, new RunData(latest, params, tags), store.links.readDatasetInputs(runDir), store.links.readModelOutputs(runDir));
    }

    Run getRun(String runId) {
        StoreLayout.checkRunId(runId);
        return store.io("read run " + runId, () -> {
            Dir run = dir(runId);
            return readRun(run.dir(), run.meta());
        });
    }

    RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName) {
        StoreLayout.checkRunId(runId);
        return store.io("update run " + runId, () -> {
            Dir run = activeDir(runId);
            if (runName != null && !runName.isEmpty()) FileStore.writeValue(run.dir(), TAGS, FileStore.RUN_NAME_TAG, runName);
            synchronized (FileStore.metaLock(run.dir())) {
                Map<String, Object> meta = MetaYaml.read(run.dir().resolve(META));
                if (meta == null) throw FileStore.notFound("Run '" + runId + "' not found");
                if (status != null) meta.put("status", status.code());
                if (endTime != null && endTime != 0) meta.put("end_time", endTime);
                if (runName != null && !runName.isEmpty()) meta.put("run_name", runName);
                meta.remove("deleted_time"); // MLflow rewrites run meta without it unless deleting
                FileStore.writeMeta(run.dir(), meta);
                return MetaMaps.runInfo(meta);
            }
        });
    }

    void deleteRun(String runId) {
        setRunLifecycle(runId, LifecycleStage.DELETED);
    }

    void restoreRun(String runId) {
        setRunLifecycle(runId, LifecycleStage.ACTIVE);
    }

    private void setRunLifecycle(String runId, LifecycleStage stage) {
        StoreLayout.checkRunId(runId);
        store.ioVoid((stage == LifecycleStage.DELETED ? "delete" : "restore") + " run " + runId, () -> {
            Dir run = dir(runId);
            synchronized (FileStore.metaLock(run.dir())) {
                Map<String, Object> meta = MetaYaml.read(run.dir().resolve(META));
                if (meta == null) throw FileStore.notFound("Run '" + runId + "' not found");
                meta.put("lifecycle_stage", stage.text());
                if (stage == LifecycleStage.DELETED) meta.put("deleted_time", FileStore.now());
                else meta.remove("deleted_time");
                FileStore.writeMeta(run.dir(), meta);
            }
            return null;
        });
    }

    Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        FileStore.checkMaxResults(maxResults);
        SearchFilter.parse(filter);
        OrderBy.parse(orderBy);
        ViewType view = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
        List<Run> runs = store.io("search runs", () -> {
            List<Run> out = new ArrayList<>();
            for (String expId : experimentIds == null ? List.<String>of() : experimentIds) {
                Path expDir = layout.experimentDir(expId);
                if (expDir == null) continue;
                for (Path runDir : StoreLayout.runDirs(expDir)) {
                    try {
                        Map<String, Object> meta = runMetas.read(runDir.resolve(META));
                        if (meta == null || !expId.equals(MetaYaml.string(meta, "experiment_id"))) continue;
                        if (!view.includes(LifecycleStage.fromText(MetaYaml.string(meta, "lifecycle_stage")))) continue;
                        out.add(readRun(runDir, meta));
                    } catch (IOException | RuntimeException e) {
                        Log.warnOnce("bad-run:" + runDir, "skipped malformed run " + runDir + ": " + e.getMessage());
                    }
                }
            }
            return out;
        });
        return InMemorySearch.runs(runs, filter, orderBy, maxResults, pageToken);
    }

    /**
     * Logs params, then metrics, then tags, like MLflow's file store. Metric points are grouped by key and each
     * key's lines are appended in one locked write.
     *
     * <p>A param that already holds a different value is not changed; every other entry of the batch is still
     * written, and then an {@code INVALID_PARAMETER_VALUE} error names each conflicting key with its logged and
     * its attempted value. (MLflow's own store stops at the first conflict and drops the rest of the batch.)
     */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        StoreLayout.checkRunId(runId);
        List<Metric> ms = metrics == null ? List.of() : metrics;
        List<Param> ps = params == null ? List.of() : params;
        List<Tag> ts = tags == null ? List.of() : tags;
        for (Param p : ps) StoreLayout.checkKey("param", p.key());
        for (Tag t : ts) StoreLayout.checkKey("tag", t.key());
        Map<String, StringBuilder> lines = MetricFiles.groupRunLines(ms);
        for (String key : lines.keySet()) StoreLayout.checkKey("metric", key);
        List<String> conflicts = store.io("log to run " + runId, () -> {
            Dir run = activeDir(runId);
            List<String> found = new ArrayList<>();
            for (Param p : ps) {
                String value = p.value() == null ? "" : p.value();
                String existing = writeParam(run.dir(), PARAMS, p.key(), value);
                if (existing != null) {
                    found.add("Changing param values is not allowed. Param with key='" + p.key() + "' was already "
                            + "logged with value='" + existing + "' for run ID='" + runId + "'. Attempted logging new "
                            + "value '" + value + "'.");
                }
            }
            Path metricsDir = run.dir().resolve(METRICS);
            for (Map.Entry<String, StringBuilder> e : lines.entrySet()) {
                MetricFiles.append(metricsDir.resolve(e.getKey()), e.getValue().toString());
            }
            String newName = null;
            for (Tag t : ts) {
                FileStore.writeValue(run.dir(), TAGS, t.key(), t.value());
                if (FileStore.RUN_NAME_TAG.equals(t.key())) newName = t.value() == null ? "" : t.value();
            }
            if (newName != null && !newName.isEmpty() && !newName.equals(MetaYaml.string(run.meta(), "run_name"))) {
                synchronized (FileStore.metaLock(run.dir())) {
                    Map<String, Object> meta = MetaYaml.read(run.dir().resolve(META));
                    if (meta != null) {
                        meta.put("run_name", newName);
                        meta.remove("deleted_time");
                        FileStore.writeMeta(run.dir(), meta);
                    }
                }
            }
            return found;
        });
        if (!conflicts.isEmpty()) {
            throw new MlflowException(MlflowException.INVALID_PARAMETER_VALUE, String.join(" ", conflicts));
        }
    }

    /**
     * Writes a param unless the key exists; returns the existing value when it differs from {@code value},
     * else null. Creation is atomic across processes, so two writers cannot both "win" with different values.
     */
    static String writeParam(Path entityDir, String folder, String key, String value) throws IOException {
        Path target = entityDir.resolve(folder).resolve(key);
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        if (FileOps.createAtomically(target, entityDir, data)) return null;
        String existing = FileOps.readText(target);
        if (existing == null) {
            FileOps.writeAtomically(target, entityDir, data);
            return null;
        }
        return existing.equals(value) ? null : existing;
    }

    List<Metric> getMetricHistory(String runId, String key) {
        StoreLayout.checkRunId(runId);
        StoreLayout.checkKey("metric", key);
        return store.io("read metric '" + key + "' of run " + runId, () -> {
            Dir run = dir(runId);
            return MetricFiles.readRunHistory(run.dir().resolve(METRICS).resolve(key), key);
        });
    }

    void deleteTag(String runId, String key) {
        StoreLayout.checkRunId(runId);
        StoreLayout.checkKey("tag", key);
        store.ioVoid("delete tag '" + key + "' of run " + runId, () -> {
            Dir run = activeDir(runId);
            Path tag = run.dir().resolve(TAGS).resolve(key);
            try {
                Files.delete(tag);
            } catch (NoSuchFileException e) {
                throw FileStore.notFound("No tag with name: " + key + " in run with id " + runId);
            }
            return null;
        });
    }
}
