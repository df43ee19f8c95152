package io.jmlflow.internal.store.file;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.RunNames;
import io.jmlflow.internal.search.InMemorySearch;
import io.jmlflow.internal.search.SearchFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jmlflow.internal.store.file.StoreLayout.ARTIFACTS;
import static io.jmlflow.internal.store.file.StoreLayout.META;
import static io.jmlflow.internal.store.file.StoreLayout.METRICS;
import static io.jmlflow.internal.store.file.StoreLayout.MODELS;
import static io.jmlflow.internal.store.file.StoreLayout.PARAMS;
import static io.jmlflow.internal.store.file.StoreLayout.TAGS;

/**
 * MLflow 3 logged models in the file store: {@code <exp>/models/<model_id>/meta.yaml} with {@code params/},
 * {@code tags/} and {@code metrics/} (lines {@code <timestamp> <value> <step> <run_id>}); the model's files go
 * to {@code <experiment artifact location>/models/<model_id>/artifacts}.
 */
final class LoggedModelFiles {
    private static final int DEFAULT_MAX_RESULTS = 100;
    private static final String BAD_NAME_CHARS = "/:.%\"'";

    private final FileStore store;
    private final StoreLayout layout;

    LoggedModelFiles(FileStore store) {
        this.store = store;
        this.layout = store.layout;
    }

    LoggedModel create(String experimentId, String name, String sourceRunId, List<Tag> tags, List<Param> params,
                       String modelType) {
        if (name != null) checkName(name);
        String expId = experimentId == null ? FileStore.DEFAULT_EXPERIMENT_ID : experimentId;
        List<Tag> tagList = tags == null ? List.of() : tags;
        List<Param> paramList = params == null ? List.of() : params;
        for (Tag t : tagList) StoreLayout.checkKey("tag", t.key());
        for (Param p : paramList) StoreLayout.checkKey("param", p.key());
        Experiment exp = store.activeExperimentForWrite(expId, "model");
        String modelName = name == null ? RunNames.generate() : name;
        return store.io("create a logged model in experiment " + expId, () -> {
            String modelId = Ids.modelId();
            String artifactLocation = StoreLayout.appendToUri(exp.artifactLocation(), MODELS, modelId, ARTIFACTS);
            long now = FileStore.now();
            LoggedModel model = new LoggedModel(modelId, expId, modelName, artifactLocation, now, now, modelType,
                    sourceRunId, LoggedModelStatus.PENDING, null, null, null, null);
            Path dir = layout.activeExperimentDir(expId).resolve(MODELS).resolve(modelId);
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir);
            Files.createDirectory(dir.resolve(METRICS));
            Files.createDirectory(dir.resolve(PARAMS));
            Map<String, String> paramMap = new LinkedHashMap<>();
            for (Param p : paramList) {
                FileStore.writeValue(dir, PARAMS, p.key(), p.value());
                paramMap.put(p.key(), p.value() == null ? "" : p.value());
            }
            Map<String, String> tagMap = new LinkedHashMap<>();
            for (Tag t : tagList) {
                FileStore.writeValue(dir, TAGS, t.key(), t.value());
                tagMap.put(t.key(), t.value() == null ? "" : t.value());
            }
            FileStore.writeMeta(dir, MetaMaps.loggedModel(model));
            layout.rememberModel(modelId, dir);
            return new LoggedModel(modelId, expId, modelName, artifactLocation, now, now, modelType, sourceRunId,
                    LoggedModelStatus.PENDING, null, tagMap, paramMap, List.of());
        });
    }

    private static void checkName(String name) {
        boolean bad = name.isEmpty();
        for (int i = 0; i < name.length() && !bad; i++) bad = BAD_NAME_CHARS.indexOf(name.charAt(i)) >= 0;
        if (bad) {
            throw MlflowException.invalid("Invalid model name ('" + name + "') provided. Model name must be a "
                    + "non-empty string and cannot contain the following characters: / : . % \" '");
        }
    }

    /** The model's directory, refusing missing and deleted models. */
    private Path liveModelDir(String modelId) throws IOException {
        Path dir = layout.modelDir(modelId);
        Map<String, Object> meta = dir == null ? null : MetaYaml.read(dir.resolve(META));
        if (meta == null || MetaMaps.isDeleted(meta)) throw FileStore.notFound("Model '" + modelId + "' not found");
        return dir;
    }

    private LoggedModel read(Path dir, Map<String, Object> meta) throws IOException {
        String expId = StoreLayout.experimentIdOf(dir, true);
        if (!expId.equals(MetaYaml.string(meta, "experiment_id"))) {
            throw new MlflowException(MlflowException.INVALID_STATE, "Model '" + dir.getFileName()
                    + "' metadata is in invalid state.");
        }
        List<Metric> metrics = new ArrayList<>();
        Path metricsDir = dir.resolve(METRICS);
        for (String key : FileOps.listTree(metricsDir)) {
            metrics.addAll(MetricFiles.readModelLatest(metricsDir.resolve(key), key));
        }
        return MetaMaps.loggedModel(meta, FileOps.readTree(dir.resolve(TAGS)), FileOps.readTree(dir.resolve(PARAMS)),
                metrics);
    }

    LoggedModel get(String modelId) {
        return store.io("read logged model " + modelId, () -> {
            Path dir = liveModelDir(modelId);
            Map<String, Object> meta = MetaYaml.read(dir.resolve(META));
            if (meta == null) throw FileStore.notFound("Model '" + modelId + "' not found");
            return read(dir, meta);
        });
    }

    LoggedModel finalizeModel(String modelId, LoggedModelStatus status) {
        if (status == null) throw MlflowException.invalid("a finalized model needs a status (READY or FAILED)");
        store.ioVoid("finalize logged model " + modelId, () -> {
            Path dir = liveModelDir(modelId);
            synchronized (FileStore.metaLock(dir)) {
                Map<String, Object> meta = MetaYaml.read(dir.resolve(META));
                if (meta == null) throw FileStore.notFound("Model '" + modelId + "' not found");
                meta.put("status", status.code());
                meta.put("last_updated_timestamp", FileStore.now());
                FileStore.writeMeta(dir, meta);
            }
            return null;
        });
        return get(modelId);
    }

    void setTags(String modelId, List<Tag> tags) {
        if (tags == null) return;
        for (Tag t : tags) StoreLayout.checkKey("tag", t.key());
        store.ioVoid("set tags on logged model " + modelId, () -> {
            Path dir = liveModelDir(modelId);
            for (Tag t : tags) FileStore.writeValue(dir, TAGS, t.key(), t.value());
            return null;
        });
    }

    /** Params of a logged model; MLflow overwrites them (no immutability check as for runs). */
    void logParams(String modelId, List<Param> params) {
        if (params == null) return;
        for (Param p : params) StoreLayout.checkKey("param", p.key());
        store.ioVoid("log params of logged model " + modelId, () -> {
            Path dir = liveModelDir(modelId);
            for (Param p : params) FileStore.writeValue(dir, PARAMS, p.key(), p.value());
            return null;
        });
    }

    /**
     * Metrics of a model, as MLflow's {@code log_metric(model_id=...)}: each point goes to the model's metric
     * file with the run id and, when a run is given, to the run's metric file as well.
     */
    void logMetrics(String modelId, String runId, List<Metric> metrics) {
        if (metrics == null || metrics.isEmpty()) return;
        if (runId != null) StoreLayout.checkRunId(runId);
        Map<String, StringBuilder> modelLines = new LinkedHashMap<>();
        for (Metric m : metrics) {
            MetricFiles.appendModelLine(modelLines.computeIfAbsent(m.key(), k -> new StringBuilder()), m, runId);
        }
        for (String key : modelLines.keySet()) StoreLayout.checkKey("metric", key);
        store.ioVoid("log metrics of logged model " + modelId, () -> {
            Path dir = liveModelDir(modelId);
            if (runId != null) {
                RunFiles.Dir run = store.activeRunDir(runId);
                for (Map.Entry<String, StringBuilder> e : MetricFiles.groupRunLines(metrics).entrySet()) {
                    MetricFiles.append(run.dir().resolve(METRICS).resolve(e.getKey()), e.getValue().toString());
                }
            }
            for (Map.Entry<String, StringBuilder> e : modelLines.entrySet()) {
                MetricFiles.append(dir.resolve(METRICS).resolve(e.getKey()), e.getValue().toString());
            }
            return null;
        });
    }

    Page<LoggedModel> search(List<String> experimentIds, String filter, int maxResults, String pageToken) {
        SearchFilter.parse(filter);
        int max = maxResults <= 0 ? DEFAULT_MAX_RESULTS : maxResults;
        List<LoggedModel> all = store.io("search logged models", () -> {
            List<LoggedModel> out = new ArrayList<>();
            for (String expId : experimentIds == null ? List.<String>of() : experimentIds) {
                Path expDir = layout.experimentDir(expId);
                if (expDir == null) continue;
                for (Path dir : FileOps.subdirectories(expDir.resolve(MODELS))) {
                    try {
                        Map<String, Object> meta = MetaYaml.read(dir.resolve(META));
                        if (meta == null || MetaMaps.isDeleted(meta)) continue;
                        if (!expId.equals(MetaYaml.string(meta, "experiment_id"))) continue;
                        out.add(read(dir, meta));
                    } catch (IOException | RuntimeException e) {
                        Log.warnOnce("bad-model:" + dir, "skipped malformed logged model " + dir + ": " + e.getMessage());
                    }
                }
            }
            return out;
        });
        return InMemorySearch.loggedModels(all, filter, null, max, pageToken);
    }
}
