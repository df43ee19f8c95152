package io.jmlflow.internal.store.sqlite;

import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.internal.Ids;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.ModelVersion;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunInfo;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;
import io.jmlflow.entities.ViewType;
import io.jmlflow.internal.search.InMemorySearch;
import io.jmlflow.internal.search.OrderBy;
import io.jmlflow.internal.search.PageTokens;
import io.jmlflow.internal.search.SearchFilter;
import io.jmlflow.internal.store.RegistryStore;
import io.jmlflow.internal.store.TrackingStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * MLflow's SQLite tracking and registry store ({@code sqlite:///mlflow.db}), the embedded default: the same
 * database file the real MLflow (and {@code mlflow ui} in the same directory) reads and writes. A new database
 * gets exactly the schema of the pinned MLflow release; an existing one from another MLflow 3.x is used through
 * its long-stable tables and columns. Run artifacts go under the default artifact root as MLflow computes it for
 * SQLite backends ({@code <working dir>/mlruns/<experiment_id>/<run_id>/artifacts}).
 *
 * <p>One connection is shared by all threads; every call is one short transaction, retried while another
 * process holds the database lock. Errors are {@link MlflowException}s with one-line messages
 * ({@code IO_ERROR} for unreadable, read-only or corrupt databases).
 */
public final class SqliteStore implements TrackingStore, RegistryStore {
    /** The {@link MlflowConfig} key that overrides the default artifact root of new experiments. */
    public static final String DEFAULT_ARTIFACT_ROOT = "default.artifact.root";

    private final String uri;
    private final String artifactRoot;
    private final SqliteDatabase db;
    private final SqliteSchema.Info schema;

    private SqliteStore(String uri, String artifactRoot, SqliteDatabase db, SqliteSchema.Info schema) {
        this.uri = uri;
        this.artifactRoot = artifactRoot;
        this.db = db;
        this.schema = schema;
    }

    /**
     * Opens {@code sqlite:///relative.db} or {@code sqlite:////absolute.db} with MLflow's default artifact root,
     * {@code ./mlruns}, unless {@code default.artifact.root} is configured ({@code -Dmlflow.default.artifact.root},
     * {@code MLFLOW_DEFAULT_ARTIFACT_ROOT}; the Python client has no such setting).
     */
    @Override
    public String describe() {
        return "SQLite " + uri + ", schema revision " + schema.revision() + ", artifacts under " + artifactRoot;
    }

    /** Local writes have no request size limit: large batches make each append or transaction cheaper. */
    @Override
    public int maxBatchEntries() {
        return 50_000;
    }

    /** The absolute database file a {@code sqlite:} URI names (relative ones against the working directory). */
    public static Path databasePath(String uri) {
        return SqliteUri.path(uri);
    }

    public static SqliteStore open(String uri) {
        String configured = MlflowConfig.get(DEFAULT_ARTIFACT_ROOT);
        return open(uri, configured != null ? configured : defaultArtifactRoot());
    }

    /**
     * Opens a SQLite store whose new experiments keep their artifacts under {@code defaultArtifactRoot} (a local
     * path, relative ones resolved against the working directory, or a URI).
     */
    public static SqliteStore open(String uri, String defaultArtifactRoot) {
        Path file = SqliteUri.path(uri);
        String root = SqlText.resolveLocal(defaultArtifactRoot);
        SqliteDatabase db = SqliteDatabase.connect(file);
        try {
            return new SqliteStore(uri, root, db, SqliteSchema.prepare(db, root));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Readies what opening a store needs, without opening one: SQLite's native library, the driver (one connection to
     * an in-memory database) and this store's classes. For the agent's warm-up ({@code WarmUp}); creating MLflow's
     * schema in a scratch database as well cost about 100 ms more of CPU and warmed nothing a run needs. Never throws.
     */
    public static void warmUp() {
        try {
            SqliteNativeLibrary.load();
            new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite::memory:").close();
            ClassLoader loader = SqliteStore.class.getClassLoader();
            for (Class<?> c : new Class<?>[] {SqliteDatabase.class, SqliteSchema.class, SqlText.class, Experiments.class,
                    Runs.class, RunMetrics.class, RunInputs.class, LoggedModels.class}) {
                Class.forName(c.getName(), true, loader);
            }
        } catch (Throwable ignored) {
            // only a warm-up: the store opens all the same
        }
    }

    /** MLflow's default for SQLite backends: {@code ./mlruns} made absolute against the working directory. */
    public static String defaultArtifactRoot() {
        return SqlText.resolveLocal("mlruns");
    }

    @Override
    public String uri() { return uri; }

    /** The database file. */
    public Path path() { return db.file(); }

    /** The root under which new experiments get their artifact location. */
    public String artifactRoot() { return artifactRoot; }

    // ---- experiments

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        return db.write("create experiment '" + name + "'", c -> Experiments.create(c, name, artifactLocation, tags, artifactRoot));
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        return db.read("read experiment " + experimentId, c -> Experiments.get(c, experimentId));
    }

    @Override
    public Experiment getExperimentByName(String name) {
        return db.read("read experiment '" + name + "'", c -> Experiments.findByName(c, name));
    }

    @Override
    public Page<Experiment> searchExperiments(ViewType viewType, int maxResults, String filter, List<String> orderBy,
                                              String pageToken) {
        SearchFilter.parse(filter);
        OrderBy.parse(orderBy);
        List<Experiment> all = db.read("search experiments", c -> Experiments.list(c, viewType));
        return InMemorySearch.experiments(all, filter, orderBy, maxResults, pageToken);
    }

    @Override
    public void deleteExperiment(String experimentId) {
        db.write("delete experiment " + experimentId, c -> {
            Experiments.delete(c, experimentId);
            return null;
        });
    }

    @Override
    public void restoreExperiment(String experimentId) {
        db.write("restore experiment " + experimentId, c -> {
            Experiments.restore(c, experimentId);
            return null;
        });
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        db.write("rename experiment " + experimentId, c -> {
            Experiments.rename(c, experimentId, newName);
            return null;
        });
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        db.write("tag experiment " + experimentId, c -> {
            Experiment e = Experiments.get(c, experimentId);
            Experiments.checkActive(e);
            Experiments.setTag(c, Long.parseLong(e.experimentId()), tag.key(), tag.value());
            return null;
        });
    }

    // ---- runs
    // What autologging writes (runs, their data, inputs and logged models) goes through anonymous classes, not
    // lambdas: each lambda's first link costs about a millisecond of a fresh JVM's CPU inside the user's program.

    @Override
    public Run createRun(String experimentId, String userId, long startTime, List<Tag> tags, String runName) {
        return createRunWithId(Ids.runId(), experimentId, userId, startTime, tags, runName);
    }

    @Override
    public Run createRunWithId(String runId, String experimentId, String userId, long startTime, List<Tag> tags,
                               String runName) {
        return db.write("create a run", new SqliteDatabase.Work<Run>() {
            @Override
            public Run run(Connection c) throws SQLException {
                return Runs.create(c, runId, experimentId, userId, startTime, tags, runName);
            }
        });
    }

    @Override
    public Run getRun(String runId) {
        return db.read("read run " + runId, new SqliteDatabase.Work<Run>() {
            @Override
            public Run run(Connection c) throws SQLException {
                return Runs.get(c, runId);
            }
        });
    }

    @Override
    public RunInfo updateRunInfo(String runId, RunStatus status, Long endTime, String runName) {
        return db.write("update run " + runId, new SqliteDatabase.Work<RunInfo>() {
            @Override
            public RunInfo run(Connection c) throws SQLException {
                return Runs.updateInfo(c, runId, status, endTime, runName);
            }
        });
    }

    @Override
    public void deleteRun(String runId) {
        db.write("delete run " + runId, c -> {
            Runs.setLifecycle(c, runId, true);
            return null;
        });
    }

    @Override
    public void restoreRun(String runId) {
        db.write("restore run " + runId, c -> {
            Runs.setLifecycle(c, runId, false);
            return null;
        });
    }

    @Override
    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, int maxResults,
                                List<String> orderBy, String pageToken) {
        SearchFilter.parse(filter);
        OrderBy.parse(orderBy);
        List<Long> ids = new ArrayList<>();
        for (String id : experimentIds == null ? List.<String>of() : experimentIds) ids.add(Experiments.parseId(id));
        boolean plain = (filter == null || filter.isBlank()) && (orderBy == null || orderBy.isEmpty());
        if (plain) {
            // MLflow's default order (newest start first, then run id) pushed down to SQL, one page at a time.
            int offset = PageTokens.offset(pageToken);
            int max = Math.max(1, maxResults);
            List<Run> page = db.read("search runs", c -> Runs.load(c, Runs.infos(c, ids, viewType,
                    "ORDER BY start_time DESC, run_uuid ASC LIMIT ? OFFSET ?", max + 1, offset)));
            boolean more = page.size() > max;
            return new Page<>(more ? page.subList(0, max) : page, more ? PageTokens.token(offset + max) : null);
        }
        List<Run> all = db.read("search runs", c -> Runs.load(c, Runs.infos(c, ids, viewType, "")));
        return InMemorySearch.runs(all, filter, orderBy, maxResults, pageToken);
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        db.write("log to run " + runId, new SqliteDatabase.Work<Void>() {
            @Override
            public Void run(Connection c) throws SQLException {
                Runs.activeInfo(c, runId);
                Runs.logParams(c, runId, params);
                RunMetrics.logMetrics(c, runId, metrics);
                Runs.setTags(c, runId, tags);
                return null;
            }
        });
    }

    @Override
    public List<Metric> getMetricHistory(String runId, String key) {
        return db.read("read metric history of run " + runId, c -> RunMetrics.metricHistory(c, runId, key));
    }

    @Override
    public void deleteTag(String runId, String key) {
        db.write("delete a tag of run " + runId, c -> {
            Runs.deleteTag(c, runId, key);
            return null;
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        db.write("log inputs of run " + runId, new SqliteDatabase.Work<Void>() {
            @Override
            public Void run(Connection c) throws SQLException {
                RunInputs.logInputs(c, Runs.activeInfo(c, runId), inputs);
                return null;
            }
        });
    }

    // ---- MLflow 3 logged models

    @Override
    public LoggedModel createLoggedModel(String experimentId, String name, String sourceRunId, List<Tag> tags,
                                         List<Param> params, String modelType) {
        requireLoggedModels();
        return db.write("create a logged model", new SqliteDatabase.Work<LoggedModel>() {
            @Override
            public LoggedModel run(Connection c) throws SQLException {
                return LoggedModels.create(c, experimentId, name, sourceRunId, tags, params, modelType);
            }
        });
    }

    @Override
    public LoggedModel getLoggedModel(String modelId) {
        requireLoggedModels();
        return db.read("read logged model " + modelId, new SqliteDatabase.Work<LoggedModel>() {
            @Override
            public LoggedModel run(Connection c) throws SQLException {
                return LoggedModels.get(c, modelId);
            }
        });
    }

    @Override
    public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
        requireLoggedModels();
        return db.write("finalize logged model " + modelId, new SqliteDatabase.Work<LoggedModel>() {
            @Override
            public LoggedModel run(Connection c) throws SQLException {
                return LoggedModels.finalizeStatus(c, modelId, status);
            }
        });
    }

    @Override
    public void setLoggedModelTags(String modelId, List<Tag> tags) {
        requireLoggedModels();
        db.write("tag logged model " + modelId, c -> {
            LoggedModels.setTags(c, modelId, tags);
            return null;
        });
    }

    @Override
    public void logLoggedModelParams(String modelId, List<Param> params) {
        requireLoggedModels();
        db.write("log params of logged model " + modelId, c -> {
            LoggedModels.logParams(c, modelId, params);
            return null;
        });
    }

    @Override
    public void logModelMetrics(String modelId, String runId, List<Metric> metrics) {
        requireLoggedModels();
        db.write("log metrics of logged model " + modelId, new SqliteDatabase.Work<Void>() {
            @Override
            public Void run(Connection c) throws SQLException {
                LoggedModels.logMetrics(c, modelId, runId, metrics);
                return null;
            }
        });
    }

    @Override
    public Page<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter, int maxResults,
                                                String pageToken) {
        requireLoggedModels();
        SearchFilter.parse(filter);
        List<Long> ids = new ArrayList<>();
        for (String id : experimentIds == null ? List.<String>of() : experimentIds) ids.add(Experiments.parseId(id));
        List<LoggedModel> all = db.read("search logged models", c -> LoggedModels.inExperiments(c, ids));
        return InMemorySearch.loggedModels(all, filter, null, maxResults, pageToken);
    }

    @Override
    public void logOutputs(String runId, List<String> modelIds) {
        db.write("log outputs of run " + runId, new SqliteDatabase.Work<Void>() {
            @Override
            public Void run(Connection c) throws SQLException {
                RunInputs.logOutputs(c, runId, modelIds);
                return null;
            }
        });
    }

    private void requireLoggedModels() {
        if (!schema.hasLoggedModels()) {
            throw new MlflowException(MlflowException.INVALID_STATE, "SQLite store " + db.file() + " was created by an "
                    + "MLflow older than 3.0 and has no logged_models table; run 'mlflow db upgrade " + uri + "'");
        }
    }

    // ---- model registry

    @Override
    public void createRegisteredModel(String name) {
        requireRegistry();
        db.write("create registered model '" + name + "'", c -> {
            ModelRegistry.createRegisteredModel(c, name);
            return null;
        });
    }

    @Override
    public ModelVersion createModelVersion(String name, String source, String runId, String modelId) {
        requireRegistry();
        return db.write("create a version of registered model '" + name + "'",
                c -> ModelRegistry.createVersion(c, name, source, runId, modelId));
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        requireRegistry();
        return db.read("read version " + version + " of registered model '" + name + "'",
                c -> ModelRegistry.getVersion(c, name, version));
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        requireRegistry();
        db.write("set alias '" + alias + "' of registered model '" + name + "'", c -> {
            ModelRegistry.setAlias(c, name, alias, version);
            return null;
        });
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        requireRegistry();
        return db.read("read alias '" + alias + "' of registered model '" + name + "'",
                c -> ModelRegistry.byAlias(c, name, alias));
    }

    @Override
    public List<ModelVersion> searchModelVersions(String name) {
        requireRegistry();
        return db.read("read versions of registered model '" + name + "'", c -> ModelRegistry.versions(c, name));
    }

    private void requireRegistry() {
        if (!schema.hasRegistry()) {
            throw new MlflowException(MlflowException.INVALID_STATE, "SQLite store " + db.file()
                    + " has no model registry tables; run 'mlflow db upgrade " + uri + "'");
        }
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteStore(" + uri + ")";
    }
}
