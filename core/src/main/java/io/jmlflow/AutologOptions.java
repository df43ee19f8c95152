package io.jmlflow;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Options for {@link Mlflow#autolog(AutologOptions)}, as in MLflow's {@code mlflow.autolog(...)}.
 * {@link #create()} starts from the configuration (agent arguments, {@code -Dmlflow.autolog.*},
 * {@code MLFLOW_AUTOLOG_*}); the setters override it for this JVM.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>option</th><th>key</th><th>default</th></tr>
 *   <tr><td>{@link #logModels}</td><td>{@code autolog.log.models}</td><td>true</td></tr>
 *   <tr><td>{@link #logInputExamples}</td><td>{@code autolog.log.input.examples}</td><td>false</td></tr>
 *   <tr><td>{@link #logModelSignatures}</td><td>{@code autolog.log.model.signatures}</td><td>true</td></tr>
 *   <tr><td>{@link #disable}</td><td>{@code autolog.disable}</td><td>false</td></tr>
 *   <tr><td>{@link #exclusive}</td><td>{@code autolog.exclusive}</td><td>false</td></tr>
 *   <tr><td>{@link #silent}</td><td>{@code autolog.silent}</td><td>false</td></tr>
 *   <tr><td>{@link #logDatasets}</td><td>{@code autolog.log.datasets}</td><td>true</td></tr>
 *   <tr><td>{@link #logPlots}</td><td>{@code autolog.log.plots}</td><td>true</td></tr>
 *   <tr><td>{@link #logPostTrainingMetrics}</td><td>{@code autolog.log.post.training.metrics}</td><td>true</td></tr>
 *   <tr><td>{@link #maxTuningRuns}</td><td>{@code autolog.max.tuning.runs}</td><td>5</td></tr>
 *   <tr><td>{@link #logSystemMetrics}</td><td>{@code autolog.log.system.metrics}</td><td>false (true when
 *       {@code MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING} is set, as in MLflow)</td></tr>
 *   <tr><td>{@link #library}</td><td>{@code autolog.<library>.enabled}, e.g. {@code autolog.smile.enabled}</td><td>true</td></tr>
 * </table>
 */
public final class AutologOptions {
    public static final String LOG_MODELS = "autolog.log.models";
    public static final String LOG_INPUT_EXAMPLES = "autolog.log.input.examples";
    public static final String LOG_MODEL_SIGNATURES = "autolog.log.model.signatures";
    public static final String DISABLE = "autolog.disable";
    public static final String EXCLUSIVE = "autolog.exclusive";
    public static final String SILENT = "autolog.silent";
    public static final String LOG_DATASETS = "autolog.log.datasets";
    public static final String LOG_PLOTS = "autolog.log.plots";
    public static final String LOG_POST_TRAINING_METRICS = "autolog.log.post.training.metrics";
    public static final String MAX_TUNING_RUNS = "autolog.max.tuning.runs";
    public static final String LOG_SYSTEM_METRICS = "autolog.log.system.metrics";
    /** MLflow's own switch ({@code MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING}); the default of {@link #logSystemMetrics}. */
    public static final String ENABLE_SYSTEM_METRICS_LOGGING = "enable.system.metrics.logging";

    private boolean logModels;
    private boolean logInputExamples;
    private boolean logModelSignatures;
    private boolean disable;
    private boolean exclusive;
    private boolean silent;
    private boolean logDatasets;
    private boolean logPlots;
    private boolean logPostTrainingMetrics;
    private int maxTuningRuns;
    private boolean logSystemMetrics;
    private final Map<String, Boolean> libraries = new LinkedHashMap<>();

    private AutologOptions() {
    }

    /** Options as configured ({@code autolog.*} keys), defaults where nothing is set. */
    public static AutologOptions create() {
        AutologOptions o = new AutologOptions();
        o.logModels = MlflowConfig.getBoolean(LOG_MODELS, true);
        o.logInputExamples = MlflowConfig.getBoolean(LOG_INPUT_EXAMPLES, false);
        o.logModelSignatures = MlflowConfig.getBoolean(LOG_MODEL_SIGNATURES, true);
        o.disable = MlflowConfig.getBoolean(DISABLE, false);
        o.exclusive = MlflowConfig.getBoolean(EXCLUSIVE, false);
        o.silent = MlflowConfig.getBoolean(SILENT, false);
        o.logDatasets = MlflowConfig.getBoolean(LOG_DATASETS, true);
        o.logPlots = MlflowConfig.getBoolean(LOG_PLOTS, true);
        o.logPostTrainingMetrics = MlflowConfig.getBoolean(LOG_POST_TRAINING_METRICS, true);
        o.maxTuningRuns = (int) Math.max(0, MlflowConfig.getLong(MAX_TUNING_RUNS, 5));
        o.logSystemMetrics = MlflowConfig.getBoolean(LOG_SYSTEM_METRICS,
                MlflowConfig.getBoolean(ENABLE_SYSTEM_METRICS_LOGGING, false));
        return o;
    }

    /** Log trained models as MLflow logged models. */
    public AutologOptions logModels(boolean value) {
        this.logModels = value;
        return this;
    }

    /** Log a few training rows with the model as its input example. */
    public AutologOptions logInputExamples(boolean value) {
        this.logInputExamples = value;
        return this;
    }

    /** Log the model's input/output signature with the model. */
    public AutologOptions logModelSignatures(boolean value) {
        this.logModelSignatures = value;
        return this;
    }

    /** Turns autologging off (training calls are then left alone; annotations are not affected). */
    public AutologOptions disable(boolean value) {
        this.disable = value;
        return this;
    }

    /** Never log into runs the user started; autologging then only logs into runs it creates itself. */
    public AutologOptions exclusive(boolean value) {
        this.exclusive = value;
        return this;
    }

    /** Suppresses jmlflow's info lines and warnings. */
    public AutologOptions silent(boolean value) {
        this.silent = value;
        return this;
    }

    /** Log the training data (context {@code train}) and evaluation data ({@code eval}) as run dataset inputs. */
    public AutologOptions logDatasets(boolean value) {
        this.logDatasets = value;
        return this;
    }

    /** Log confusion matrix, ROC and precision-recall plots (SVG) and an HTML model summary for classifiers. */
    public AutologOptions logPlots(boolean value) {
        this.logPlots = value;
        return this;
    }

    /** Log the metrics of evaluations that user code runs on a trained model to that model's run. */
    public AutologOptions logPostTrainingMetrics(boolean value) {
        this.logPostTrainingMetrics = value;
        return this;
    }

    /** How many candidates of a hyperparameter search or cross-validation get a child run (the best by score). */
    public AutologOptions maxTuningRuns(int value) {
        this.maxTuningRuns = Math.max(0, value);
        return this;
    }

    /** Log {@code system/*} metrics (CPU, memory, GPU, JVM heap and GC) while autologged runs are active. */
    public AutologOptions logSystemMetrics(boolean value) {
        this.logSystemMetrics = value;
        return this;
    }

    /** Enables or disables one integration ({@code "smile"}, {@code "tribuo"}, {@code "dl4j"}). */
    public AutologOptions library(String name, boolean enabled) {
        libraries.put(name.trim().toLowerCase(Locale.ROOT), enabled);
        return this;
    }

    public boolean logModels() { return logModels; }

    public boolean logInputExamples() { return logInputExamples; }

    public boolean logModelSignatures() { return logModelSignatures; }

    public boolean disable() { return disable; }

    public boolean exclusive() { return exclusive; }

    public boolean silent() { return silent; }

    public boolean logDatasets() { return logDatasets; }

    public boolean logPlots() { return logPlots; }

    public boolean logPostTrainingMetrics() { return logPostTrainingMetrics; }

    public int maxTuningRuns() { return maxTuningRuns; }

    public boolean logSystemMetrics() { return logSystemMetrics; }

    /**
     * True when autologging is on and the integration is enabled: set through {@link #library}, else the key
     * {@code autolog.<name>.enabled} (default true).
     */
    public boolean isEnabled(String library) {
        if (disable) return false;
        String name = library.trim().toLowerCase(Locale.ROOT);
        Boolean set = libraries.get(name);
        return set != null ? set : MlflowConfig.getBoolean("autolog." + name + ".enabled", true);
    }

    AutologOptions copy() {
        AutologOptions o = new AutologOptions();
        o.logModels = logModels;
        o.logInputExamples = logInputExamples;
        o.logModelSignatures = logModelSignatures;
        o.disable = disable;
        o.exclusive = exclusive;
        o.silent = silent;
        o.logDatasets = logDatasets;
        o.logPlots = logPlots;
        o.logPostTrainingMetrics = logPostTrainingMetrics;
        o.maxTuningRuns = maxTuningRuns;
        o.logSystemMetrics = logSystemMetrics;
        o.libraries.putAll(libraries);
        return o;
    }

    @Override
    public String toString() {
        return "AutologOptions[logModels=" + logModels + ", logInputExamples=" + logInputExamples
                + ", logModelSignatures=" + logModelSignatures + ", disable=" + disable + ", exclusive=" + exclusive
                + ", silent=" + silent + ", logDatasets=" + logDatasets + ", logPlots=" + logPlots
                + ", logPostTrainingMetrics=" + logPostTrainingMetrics + ", maxTuningRuns=" + maxTuningRuns
                + ", logSystemMetrics=" + logSystemMetrics + (libraries.isEmpty() ? "" : ", libraries=" + libraries) + "]";
    }
}
