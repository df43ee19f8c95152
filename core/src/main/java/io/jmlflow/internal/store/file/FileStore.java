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
 * MLflow's file store ({@code ./mlruns}) in Java: reads and writes exactly the layout that MLflow 3.17's
 * Python {@code FileStore} uses, so runs logged here open in {@code mlflow ui --backend-store-uri ./mlruns}
 * (with {@code MLFLOW_ALLOW_FILE_STORE=true}) and runs logged by Python read back here.
 *
 * <p>Opened from {@code file:./mlruns}, {@code file:///abs}, {@code file:/abs} or a plain path. Nothing is
 * created until the first write (or the first look at the default experiment); then the root, {@code .trash}
 * and experiment {@code 0} ("Default") appear, as with MLflow.
 *
 * <p>Writes are safe against readers and other writers: {@code meta.yaml}, params and tags are replaced
 * atomically; metric points are appended under an exclusive file lock, so several threads or JVMs may log to
 * one run at once. A directory that cannot be written gives {@code IO_ERROR} with a one-line message.
 *
 * <p>Also the model registry of the same root ({@code <root>/models/<name>}), as MLflow's registry file store.
 */
public final class FileStore implements TrackingStore, RegistryStore {
    static final String RUN_NAME_TAG = "mlflow.runName";
    static final String DEFAULT_EXPERIMENT_ID = "0";
    private static final int SEARCH_MAX_RESULTS_THRESHOLD = 50_000;
    private static final Object[] META_LOCKS = new Object[64];

    static {
        for (int i = 0; i < META_LOCKS.length; i++) META_LOCKS[i] = new Object();
    }

    private final String uri;
    final StoreLayout layout;
    private final ExperimentFiles experiments;
    private final LoggedModelFiles models;
    private final RegistryFiles registry;
    private final RunMetaCache runMetas = new RunMetaCache();
    private volatile boolean rootReady;

    private FileStore(String uri, Path root) {
        this.uri = uri;
        this.layout = new StoreLayout(root);
        this.experiments = new ExperimentFiles(this);
        this.models = new LoggedModelFiles(this);
        this.registry = new RegistryFiles(this);
    }

    /** What a refused batch left out is named in the error; the rest of it was written. */
    @Override
    public boolean writesBatchesWhole() {
        return false;
    }

    /** Local writes have no request size limit: large batches make each append or transaction cheaper. */
    @Override
    public int maxBatchEntries() {
        return 50_000;
    }

    /** The absolute root directory a file-store URI or path names (relative ones against the working directory). */
    public static Path rootPath(String uri) {
        return StoreLayout.pathOf(uri.trim()).toAbsolutePath().normalize();
    }

    public static FileStore open(String uri) {
        if (uri == null || uri.isBlank()) throw MlflowException.invalid("file store URI must not be empty");
        return new FileStore(uri.trim(), StoreLayout.pathOf(uri));
    }

    /** The absolute root directory ({@code mlruns}). */
    public Path root() {
        return layout.root;
    }

    @Override
    public String uri() {
        return uri;
    }

    // ------------------------------------------------------------------ plumbing

    <T> T io(String what, FileOps.IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw FileOps.ioError(what, layout.root, e);
        } catch (UncheckedIOException e) {
            throw FileOps.ioError(what, layout.root, e.getCause());
        }
    }

    void ioVoid(String what, FileOps.IoAction<?> action) {
        io(what, action);
    }

    static Object metaLock(Path dir) {
        return META_LOCKS[(dir.toString().hashCode() & 0x7fffffff) % META_LOCKS.length];
    }

    static void writeMeta(Path dir, Map<String, ?> meta) throws IOException {
        FileOps.writeAtomically(dir.resolve(META), dir, MetaYaml.toBytes(meta));
    }

    /** Writes a tag-like file ({@code <entityDir>/<folder>/<key>}) atomically; the value without a newline. */
    static void writeValue(Path entityDir, String folder, String key, String value) throws IOException {
        FileOps.writeAtomically(entityDir.resolve(folder).resolve(key), entityDir,
                (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    static long now() {
        return System.currentTimeMillis();
    }

    /** Creates the root, {@code .trash} and the Default experiment when missing (MLflow does this on open). */
    void ensureRoot() throws IOException {
        if (rootReady) return;
        synchronized (this) {
            if (rootReady) return;
            if (!Files.isDirectory(layout.root)) Files.createDirectories(layout.root);
            if (!Files.isDirectory(layout.trash)) Files.createDirectories(layout.trash);
            if (!Files.isDirectory(layout.activeExperimentDir(DEFAULT_EXPERIMENT_ID))
                    && !Files.isDirectory(layout.deletedExperimentDir(DEFAULT_EXPERIMENT_ID))) {
                try {
                    experiments.createExperimentWithId(DEFAULT_EXPERIMENT_ID, "Default", null, List.of());
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first
                }
            }
            rootReady = true;
        }
    }

    /** {@link #ensureRoot()} for reads: a store we cannot write to is still readable. */
    void ensureRootQuietly() {
        try {
            ensureRoot();
        } catch (IOException | RuntimeException e) {
            Log.debug("file store root " + layout.root + " not initialized: " + e, e);
        }
    }

    // ------------------------------------------------------------------ experiments

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        return experiments.create(name, artifactLocation, tags);
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        return experiments.get(experimentId);
    }

    @Override
    public Experiment getExperimentByName(String name) {
        return experiments.getByName(name);
    }

    @Override
    public Page<Experiment> searchExperiments(ViewType viewType, int maxResults, String filter, List<String> orderBy,
                                              String pageToken) {
        return experiments.search(viewType, maxResults, filter, orderBy, pageToken);
    }

    @Override
    public void deleteExperiment(String experimentId) {
        experiments.delete(experimentId);
    }

    @Override
    public void restoreExperiment(String experimentId) {
        experiments.restore(experimentId);
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        experiments.rename(experimentId, newName);
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        experiments.setTag(experimentId, tag);
    }

    static MlflowException notFound(String message) {
        return new MlflowException(MlflowException.RESOURCE_DOES_NOT_EXIST, message);
    }

    static void checkMaxResults(int maxResults) {
        if (maxResults < 1 || maxResults > SEARCH_MAX_RESULTS_THRESHOLD) {
            throw MlflowException.invalid("Invalid value " + maxResults + " for parameter 'max_results' supplied. "
                    + "It must be a positive integer at most " + SEARCH_MAX_RESULTS_THRESHOLD);
        }
    }

    // ------------------------------------------------------------------ runs

    @Override
    public Run createRun(String experimentId, String userId, long startTime, List<Tag> tags, String runName) {
        return createRunWithId(Ids.runId(), experimentId, userId, startTime, tags, runName);
    }

    @Override
    public Run createRunWithId(String runId, String experimentId, String userId, long startTime, List<Tag> tags,
                               String runName) {
        String expId = experimentId == null ? DEFAULT_EXPERIMENT_ID : experimentId;
        List<Tag> tagList = new ArrayList<>(tags == null ? List.of() : tags);
        for (Tag t : tagList) StoreLayout.checkKey("tag", t.key());
        String tagName = null;
        for (Tag t : tagList) if (RUN_NAME_TAG.equals(t.key())) tagName = t.value();
        boolean hasName = runName != null && !runName.isEmpty();
        if (hasName && tagName != null && !runName.equals(tagName)) {
            throw MlflowException.invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with "
                    + "different values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
        }
        String name = hasName ? runName : tagName != null && !tagName.isEmpty() ? tagName : RunNames.generate();
        if (tagName == null || tagName.isEmpty()) tagList.add(new Tag(RUN_NAME_TAG, name));
        Experiment exp = activeExperimentForWrite(expId, "run");
        return io("create a run in experiment " + expId, () -> {
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
                writeValue(runDir, TAGS, t.key(), value);
                tagMap.put(t.key(), value);
            }
            Map<String, Object> meta = MetaMaps.run(info);
            meta.put("deleted_time", null);
            // meta.yaml last: readers take a directory without it for something that is not (yet) a run.
            writeMeta(runDir, meta);
            layout.rememberRun(runId, runDir);
            return new Run(info, new RunData(List.of(), Map.of(), tagMap));
        });
    }

    /** A run's directory with its meta.yaml as read. */
    static final class RunFiles {
        final Path dir;
        final Map<String, Object> meta;

        RunFiles(Path dir, Map<String, Object> meta) {
            this.dir = dir;
            this.meta = meta;
        }
    }

    /** The run's files (meta read-only); RESOURCE_DOES_NOT_EXIST when no experiment holds it. */
    RunFiles runFiles(String runId) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path dir = layout.runDir(runId);
            if (dir == null) throw notFound("Run '" + runId + "' not found");
            Map<String, Object> meta = runMetas.read(dir.resolve(META));
            if (meta != null) return new RunFiles(dir, meta);
            if (attempt == 2) throw notFound("Run '" + runId + "' not found");
            // moved (experiment deleted or restored) between the lookup and the read: look again
        }
    }

    /** The run's files, refusing runs that are deleted, as MLflow's {@code check_run_is_active}. */
    RunFiles activeRunFiles(String runId) throws IOException {
        RunFiles run = runFiles(runId);
        if (MetaMaps.isDeleted(run.meta)) {
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
            String fromTag = tags.get(RUN_NAME_TAG);
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
        return new Run(info, new RunData(latest, params, tags), readDatasetInputs(runDir), readModelOutputs(runDir));
    }

    @Override
    public Run getRun(String runId) {
        StoreLayout.checkRunId(runId);
        return io("read run " + runId, () -> {
            RunFiles run = runFiles(runId);
            return readRun(run.dir, run.meta);
        });
    }

    @Override
    public RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName) {
        StoreLayout.checkRunId(runId);
        return io("update run " + runId, () -> {
            RunFiles run = activeRunFiles(runId);
            if (runName != null && !runName.isEmpty()) writeValue(run.dir, TAGS, RUN_NAME_TAG, runName);
            synchronized (metaLock(run.dir)) {
                Map<String, Object> meta = MetaYaml.read(run.dir.resolve(META));
                if (meta == null) throw notFound("Run '" + runId + "' not found");
                if (status != null) meta.put("status", status.code());
                if (endTime != null && endTime != 0) meta.put("end_time", endTime);
                if (runName != null && !runName.isEmpty()) meta.put("run_name", runName);
                meta.remove("deleted_time"); // MLflow rewrites run meta without it unless deleting
                writeMeta(run.dir, meta);
                return MetaMaps.runInfo(meta);
            }
        });
    }

    @Override
    public void deleteRun(String runId) {
        setRunLifecycle(runId, LifecycleStage.DELETED);
    }

    @Override
    public void restoreRun(String runId) {
        setRunLifecycle(runId, LifecycleStage.ACTIVE);
    }

    private void setRunLifecycle(String runId, LifecycleStage stage) {
        StoreLayout.checkRunId(runId);
        ioVoid((stage == LifecycleStage.DELETED ? "delete" : "restore") + " run " + runId, () -> {
            RunFiles run = runFiles(runId);
            synchronized (metaLock(run.dir)) {
                Map<String, Object> meta = MetaYaml.read(run.dir.resolve(META));
                if (meta == null) throw notFound("Run '" + runId + "' not found");
                meta.put("lifecycle_stage", stage.text());
                if (stage == LifecycleStage.DELETED) meta.put("deleted_time", now());
                else meta.remove("deleted_time");
                writeMeta(run.dir, meta);
            }
            return null;
        });
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        checkMaxResults(maxResults);
        SearchFilter.parse(filter);
        OrderBy.parse(orderBy);
        ViewType view = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
        List<Run> runs = io("search runs", () -> {
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
    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        StoreLayout.checkRunId(runId);
        List<Metric> ms = metrics == null ? List.of() : metrics;
        List<Param> ps = params == null ? List.of() : params;
        List<Tag> ts = tags == null ? List.of() : tags;
        for (Param p : ps) StoreLayout.checkKey("param", p.key());
        for (Tag t : ts) StoreLayout.checkKey("tag", t.key());
        Map<String, StringBuilder> lines = MetricFiles.groupRunLines(ms);
        for (String key : lines.keySet()) StoreLayout.checkKey("metric", key);
        List<String> conflicts = io("log to run " + runId, () -> {
            RunFiles run = activeRunFiles(runId);
            List<String> found = new ArrayList<>();
            for (Param p : ps) {
                String value = p.value() == null ? "" : p.value();
                String existing = writeParam(run.dir, PARAMS, p.key(), value);
                if (existing != null) {
                    found.add("Changing param values is not allowed. Param with key='" + p.key() + "' was already "
                            + "logged with value='" + existing + "' for run ID='" + runId + "'. Attempted logging new "
                            + "value '" + value + "'.");
                }
            }
            Path metricsDir = run.dir.resolve(METRICS);
            for (Map.Entry<String, StringBuilder> e : lines.entrySet()) {
                MetricFiles.append(metricsDir.resolve(e.getKey()), e.getValue().toString());
            }
            String newName = null;
            for (Tag t : ts) {
                writeValue(run.dir, TAGS, t.key(), t.value());
                if (RUN_NAME_TAG.equals(t.key())) newName = t.value() == null ? "" : t.value();
            }
            if (newName != null && !newName.isEmpty() && !newName.equals(MetaYaml.string(run.meta, "run_name"))) {
                synchronized (metaLock(run.dir)) {
                    Map<String, Object> meta = MetaYaml.read(run.dir.resolve(META));
                    if (meta != null) {
                        meta.put("run_name", newName);
                        meta.remove("deleted_time");
                        writeMeta(run.dir, meta);
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

    @Override
    public List<Metric> getMetricHistory(String runId, String key) {
        StoreLayout.checkRunId(runId);
        StoreLayout.checkKey("metric", key);
        return io("read metric '" + key + "' of run " + runId, () -> {
            RunFiles run = runFiles(runId);
            return MetricFiles.readRunHistory(run.dir.resolve(METRICS).resolve(key), key);
        });
    }

    @Override
    public void deleteTag(String runId, String key) {
        StoreLayout.checkRunId(runId);
        StoreLayout.checkKey("tag", key);
        ioVoid("delete tag '" + key + "' of run " + runId, () -> {
            RunFiles run = activeRunFiles(runId);
            Path tag = run.dir.resolve(TAGS).resolve(key);
            try {
                Files.delete(tag);
            } catch (NoSuchFileException e) {
                throw notFound("No tag with name: " + key + " in run with id " + runId);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ inputs and outputs

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        StoreLayout.checkRunId(runId);
        if (inputs == null) return;
        ioVoid("log inputs of run " + runId, () -> {
            RunFiles run = activeRunFiles(runId);
            Path expDir = run.dir.getParent();
            for (DatasetInput input : inputs) {
                Dataset d = input.dataset();
                String datasetId = md5Hex(nullToEmpty(d.name()), nullToEmpty(d.digest()));
                Path datasetDir = expDir.resolve(DATASETS).resolve(datasetId);
                if (!Files.exists(datasetDir.resolve(META))) {
                    Files.createDirectories(datasetDir);
                    writeMeta(datasetDir, MetaMaps.dataset(d));
                }
                Path inputDir = run.dir.resolve(INPUTS).resolve(md5Hex(datasetId, runId));
                if (!Files.exists(inputDir.resolve(META))) {
                    Files.createDirectories(inputDir);
                    writeMeta(inputDir, MetaMaps.datasetInput(datasetId, input.tags()));
                }
            }
            return null;
        });
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** MLflow's ids for datasets and inputs: the md5 of two strings, concatenated. */
    static String md5Hex(String a, String b) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(a.getBytes(StandardCharsets.UTF_8));
            md5.update(b.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    private List<DatasetInput> readDatasetInputs(Path runDir) throws IOException {
        List<DatasetInput> out = new ArrayList<>();
        List<Path> inputDirs = FileOps.subdirectories(runDir.resolve(INPUTS));
        if (inputDirs.isEmpty()) return out;
        Path datasetsDir = runDir.getParent().resolve(DATASETS);
        for (Path inputDir : inputDirs) {
            Map<String, Object> edge = MetaYaml.read(inputDir.resolve(META));
            if (edge == null || !"DATASET".equals(MetaYaml.string(edge, "source_type"))) continue;
            String datasetId = MetaYaml.string(edge, "source_id");
            if (datasetId == null || !StoreLayout.isModelId(datasetId)) continue;
            Map<String, Object> dataset = MetaYaml.read(datasetsDir.resolve(datasetId).resolve(META));
            if (dataset == null) {
                Log.warnOnce("missing-dataset:" + datasetId, "dataset " + datasetId + " used by run "
                        + runDir.getFileName() + " is missing from " + datasetsDir);
                continue;
            }
            out.add(new DatasetInput(MetaMaps.dataset(dataset), MetaMaps.stringMap(edge.get("tags"))));
        }
        return out;
    }

    private List<String> readModelOutputs(Path runDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path outputDir : FileOps.subdirectories(runDir.resolve(OUTPUTS))) {
            Map<String, Object> edge = MetaYaml.read(outputDir.resolve(META));
            if (edge == null || !"MODEL_OUTPUT".equals(MetaYaml.string(edge, "destination_type"))) continue;
            out.add(MetaYaml.string(edge, "destination_id"));
        }
        return out;
    }

    @Override
    public void logOutputs(String runId, List<String> modelIds) {
        StoreLayout.checkRunId(runId);
        if (modelIds == null) return;
        for (String id : modelIds) {
            if (!StoreLayout.isModelId(id)) throw MlflowException.invalid("Invalid model id '" + id + "'");
        }
        ioVoid("log outputs of run " + runId, () -> {
            RunFiles run = activeRunFiles(runId);
            for (String modelId : modelIds) {
                Path outputDir = run.dir.resolve(OUTPUTS).resolve(modelId);
                if (Files.exists(outputDir.resolve(META))) continue;
                Files.createDirectories(outputDir);
                writeMeta(outputDir, MetaMaps.modelOutput(modelId, 0));
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ logged models

    @Override
    public LoggedModel createLoggedModel(String experimentId, String name, String sourceRunId, List<Tag> tags,
                                         List<Param> params, String modelType) {
        return models.create(experimentId, name, sourceRunId, tags, params, modelType);
    }

    /** The experiment for a new run or model: it must exist and be active. Creates the root on first use. */
    Experiment activeExperimentForWrite(String experimentId, String what) {
        ioVoid("create the file store root", () -> {
            ensureRoot();
            return null;
        });
        Experiment exp = getExperiment(experimentId);
        if (exp.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new MlflowException(MlflowException.INVALID_STATE,
                    "Could not create " + what + " under non-active experiment with ID " + experimentId + ".");
        }
        return exp;
    }

    @Override
    public LoggedModel getLoggedModel(String modelId) {
        return models.get(modelId);
    }

    @Override
    public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
        return models.finalizeModel(modelId, status);
    }

    @Override
    public void setLoggedModelTags(String modelId, List<Tag> tags) {
        models.setTags(modelId, tags);
    }

    @Override
    public void logLoggedModelParams(String modelId, List<Param> params) {
        models.logParams(modelId, params);
    }

    @Override
    public void logModelMetrics(String modelId, String runId, List<Metric> metrics) {
        models.logMetrics(modelId, runId, metrics);
    }

    @Override
    public Page<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter, int maxResults,
                                                String pageToken) {
        return models.search(experimentIds, filter, maxResults, pageToken);
    }

    // ------------------------------------------------------------------ model registry

    @Override
    public void createRegisteredModel(String name) {
        registry.createRegisteredModel(name);
    }

    @Override
    public ModelVersion createModelVersion(String name, String source, String runId, String modelId) {
        return registry.createModelVersion(name, source, runId, modelId);
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        return registry.getModelVersion(name, version);
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        registry.setAlias(name, alias, version);
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return registry.getModelVersionByAlias(name, alias);
    }

    @Override
    public List<ModelVersion> searchModelVersions(String name) {
        return registry.searchModelVersions(name);
    }

    @Override
    public String toString() {
        return "FileStore[" + layout.root + "]";
    }
}
