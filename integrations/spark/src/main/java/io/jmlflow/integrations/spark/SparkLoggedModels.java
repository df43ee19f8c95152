package io.jmlflow.integrations.spark;

import io.jmlflow.internal.WeakIdentityMap;

import java.lang.ref.WeakReference;

/**
 * The models autologging logged, by identity (held weakly), with their run and, once the post-training work logged
 * it, their logged model; and the predictions ({@code transform} results) of those models, by identity, so that an
 * {@code Evaluator.evaluate} of them (MLflow's rule: the very DataFrame {@code transform} returned) is attributed.
 */
final class SparkLoggedModels {
    /** A logged model's run and logged model id (set on the post-training thread; null until then or without one). */
    static final class Entry {
        final String runId;
        volatile String modelId;

        Entry(String runId) {
            this.runId = runId;
        }
    }

    /** Predictions of a logged model: its entry and the DataFrame it transformed (weakly: the eval dataset). */
    static final class Prediction {
        final Entry entry;
        final WeakReference<Object> input;

        Prediction(Entry entry, Object input) {
            this.entry = entry;
            this.input = new WeakReference<>(input);
        }
    }

    private static final WeakIdentityMap<Object, Entry> MODELS = new WeakIdentityMap<>();
    private static final WeakIdentityMap<Object, Prediction> PREDICTIONS = new WeakIdentityMap<>();

    private SparkLoggedModels() {
    }

    static Entry register(Object model, String runId) {
        Entry e = new Entry(runId);
        MODELS.put(model, e);
        return e;
    }

    static Entry find(Object model) {
        return model == null ? null : MODELS.get(model);
    }

    /** {@code model.transform(input)} returned {@code predictions}: remembered when {@code model} is a logged one. */
    static void predicted(Object model, Object input, Object predictions) {
        Entry e = find(model);
        if (e != null) PREDICTIONS.put(predictions, new Prediction(e, input));
    }

    static Prediction prediction(Object predictions) {
        return predictions == null ? null : PREDICTIONS.get(predictions);
    }
}
