package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.Log;
import org.deeplearning4j.nn.api.Model;

/**
 * A model's configuration artifacts, {@code model_config.json} (DL4J's JSON) and {@code model_summary.txt}
 * ({@code summary()}): the summary and a copy of the configuration are taken at the model's first {@code fit}, and
 * written later on a daemon thread of their own ({@link #write}), because DL4J's JSON mapper costs about half a
 * second of CPU the first time. When training ends, the configuration as it is then (DL4J counts epochs and
 * iterations in it) is what {@code model_config.json} holds ({@link #finish}). The model is saved after them.
 */
final class ModelArtifacts {
    private static final long WAIT_MILLIS = 30_000;

    private final String runId;
    private final String summary;
    private volatile Object configuration;
    /** The JSON written as {@code model_config.json}, once written. */
    private volatile String writtenJson;
    private Thread writer;

    private ModelArtifacts(String runId, String summary, Object configuration) {
        this.runId = runId;
        this.summary = summary;
        this.configuration = configuration;
    }

    /** What {@code model} looks like now, for run {@code runId}; null (warned once) when it cannot be read. */
    static ModelArtifacts take(Model model, String runId) {
        try {
            String summary = ModelDescription.summary(model);
            return new ModelArtifacts(runId, summary, ModelDescription.configurationCopy(model));
        } catch (Throwable t) {
            Log.warnOnce("dl4j-artifacts", "dl4j autologging could not log the model's configuration files: " + t);
            return null;
        }
    }

    /** Starts writing the artifacts, once; later calls do nothing. */
    synchronized void write() {
        if (writer != null || configuration == null && summary == null) return;
        Thread t = new Thread(this::writeNow, "mlflow-dl4j-describe");
        t.setDaemon(true);
        writer = t;
        try {
            t.start();
        } catch (Throwable e) {
            writeNow();
        }
    }

    /**
     * Training ended with {@code finalConfiguration} (may be null): writes the artifacts with it if they were not
     * written yet, else rewrites {@code model_config.json} when it changed; waits (bounded) until they are written.
     */
    void finish(Object finalConfiguration) {
        synchronized (this) {
            if (writer == null && finalConfiguration != null) configuration = finalConfiguration;
        }
        await();
        if (finalConfiguration == null || finalConfiguration == configuration) return;
        try {
            String json = ModelDescription.configurationJson(finalConfiguration);
            if (json != null && !json.equals(writtenJson)) Dl4jRunWriter.artifact(runId, "model_config.json", json);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-artifacts", "dl4j autologging could not log the model's configuration files: " + t);
        }
    }

    /** Writes them if that has not begun, and waits (bounded) until they are written. */
    void await() {
        write();
        Thread t;
        synchronized (this) {
            t = writer;
        }
        if (t == null) return;
        try {
            t.join(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeNow() {
        try {
            String json = ModelDescription.configurationJson(configuration);
            if (json != null) Dl4jRunWriter.artifact(runId, "model_config.json", json);
            writtenJson = json;
            if (summary != null) Dl4jRunWriter.artifact(runId, "model_summary.txt", summary);
        } catch (Throwable t) {
            Log.warnOnce("dl4j-artifacts", "dl4j autologging could not log the model's configuration files: " + t);
        }
    }
}
