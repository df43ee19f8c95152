package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.WeakIdentityMap;

/**
 * The models autologging trained, by identity (held weakly: a model the program drops is collected), with their run
 * and, once the post-training work logged it, their logged model: where the evaluations a program runs afterwards go
 * (into the run, and onto the logged model, as MLflow's post-training metrics). A model trained again is registered
 * again, under its new run. One registry for every integration.
 */
public final class TrainedModels {
    /** A trained model's run, and its logged model id once logged. */
    public static final class Entry {
        private final ActiveRun run;
        private final String runId;
        private final String metricPrefix;
        private volatile String modelId;

        private Entry(ActiveRun run, String runId, String metricPrefix) {
            this.run = run;
            this.runId = runId;
            this.metricPrefix = metricPrefix;
        }

        /** The run, when it was registered with one (null when registered by id). */
        public ActiveRun run() {
            return run;
        }

        public String runId() {
            return runId;
        }

        /** The prefix of the training's own metric names ("" unless the integration gave one). */
        public String metricPrefix() {
            return metricPrefix;
        }

        /** The logged model's id; null until the post-training work logged it, or when it was not logged. */
        public String modelId() {
            return modelId;
        }

        /** The post-training work logged the model as {@code id}. */
        public void modelLogged(String id) {
            modelId = id;
        }
    }

    private static final WeakIdentityMap<Object, Entry> MODELS = new WeakIdentityMap<>();
    /** True once any model trained under autologging: until then the evaluation hooks cost one volatile read. */
    private static volatile boolean any;

    private TrainedModels() {
    }

    /** Remembers {@code model}, trained into {@code run}. */
    public static Entry register(Object model, ActiveRun run) {
        return put(model, new Entry(run, run.runId(), ""));
    }

    /** Remembers {@code model}, trained into the run {@code runId}, whose own metrics carry {@code metricPrefix}. */
    public static Entry register(Object model, String runId, String metricPrefix) {
        return put(model, new Entry(null, runId, metricPrefix == null ? "" : metricPrefix));
    }

    private static Entry put(Object model, Entry e) {
        any = true;
        MODELS.put(model, e);
        return e;
    }

    /** The entry of {@code model}, or null when autologging did not train it (or {@code model} is null). */
    public static Entry find(Object model) {
        return model == null || !any ? null : MODELS.get(model);
    }

    /** True once a model was registered, or a training began ({@link #trainingStarted}). */
    public static boolean any() {
        return any;
    }

    /** An autologged training began: evaluations may follow before its model is registered. */
    public static void trainingStarted() {
        any = true;
    }
}
