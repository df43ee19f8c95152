package io.jmlflow;

import java.util.LinkedHashMap;
import java.util.Map;

/** Options for {@link Mlflow#startRun(RunOptions)}: name, experiment, nesting, tags, or a run to resume. */
public final class RunOptions {
    String runName;
    String experimentId;
    boolean nested;
    String resumeRunId;
    String autologIntegration;
    Boolean logSystemMetrics;
    ActiveRun parent;
    final Map<String, String> tags = new LinkedHashMap<>();

    public static RunOptions create() {
        return new RunOptions();
    }

    public static RunOptions named(String runName) {
        return new RunOptions().runName(runName);
    }

    public RunOptions runName(String name) {
        this.runName = name;
        return this;
    }

    public RunOptions experimentId(String id) {
        this.experimentId = id;
        return this;
    }

    /** Starts the run as a child of the thread's active run ({@code mlflow.parentRunId}). */
    public RunOptions nested(boolean value) {
        this.nested = value;
        return this;
    }

    /**
     * Starts the run as a child of {@code parentRun} ({@code mlflow.parentRunId}), whatever the thread's active run
     * is; the child still becomes the thread's active run until it ends.
     */
    public RunOptions parent(ActiveRun parentRun) {
        this.parent = parentRun;
        return this;
    }

    /**
     * Logs system metrics (CPU, memory, GPU, JVM heap and GC) while the run is active, or not; unset, MLflow's
     * {@code MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING} / {@link Mlflow#enableSystemMetricsLogging()} decides.
     */
    public RunOptions logSystemMetrics(boolean value) {
        this.logSystemMetrics = value;
        return this;
    }

    /** Continues an existing run instead of creating one. */
    public RunOptions resume(String runId) {
        this.resumeRunId = runId;
        return this;
    }

    public RunOptions tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    public RunOptions tags(Map<String, String> values) {
        tags.putAll(values);
        return this;
    }

    /** Marks the run as created by autologging for {@code integration} ({@code mlflow.autologging} tag). */
    public RunOptions autolog(String integration) {
        this.autologIntegration = integration;
        return this;
    }
}
