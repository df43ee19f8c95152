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
    final RunFiles runs;
    final RunLinkFiles links;
    private volatile boolean rootReady;

    private FileStore(String uri, Path root) {
        this.uri = uri;
        this.layout = new StoreLayout(root);
        this.experiments = new ExperimentFiles(this);
        this.models = new LoggedModelFiles(this);
        this.registry = new RegistryFiles(this);
        this.runs = new RunFiles(this);
        this.links = new RunLinkFiles(this);
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
        return runs.createRunWithId(runId, experimentId, userId, startTime, tags, runName);
    }

    @Override
    public Run getRun(String runId) {
        return runs.getRun(runId);
    }

    @Override
    public RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName) {
        return runs.updateRunInfo(runId, status, endTime, runName);
    }

    @Override
    public void deleteRun(String runId) {
        runs.deleteRun(runId);
    }

    @Override
    public void restoreRun(String runId) {
        runs.restoreRun(runId);
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        return runs.searchRuns(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
    }

    /**
     * Logs params, then metrics, then tags, like MLflow's file store (see {@link RunFiles#logBatch}): a param that
     * already holds a different value is not changed, the rest of the batch is written, and then an
     * {@code INVALID_PARAMETER_VALUE} error names each conflicting key.
     */
    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        runs.logBatch(runId, metrics, params, tags);
    }

    @Override
    public List<Metric> getMetricHistory(String runId, String key) {
        return runs.getMetricHistory(runId, key);
    }

    @Override
    public void deleteTag(String runId, String key) {
        runs.deleteTag(runId, key);
    }

    // ------------------------------------------------------------------ inputs and outputs

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        links.logInputs(runId, inputs);
    }

    @Override
    public void logOutputs(String runId, List<String> modelIds) {
        links.logOutputs(runId, modelIds);
    }

    /** The run's files, refusing runs that are deleted (for the logged models of a run). */
    RunFiles.Dir activeRunDir(String runId) throws IOException {
        return runs.activeDir(runId);
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
