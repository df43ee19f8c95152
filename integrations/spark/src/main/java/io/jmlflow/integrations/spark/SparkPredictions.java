package io.jmlflow.integrations.spark;

import io.jmlflow.internal.WeakIdentityMap;
import io.jmlflow.internal.autolog.TrainedModels;

import java.lang.ref.WeakReference;

/**
 * The predictions ({@code transform} results) of models autologging trained ({@link TrainedModels}), by identity
 * (held weakly), so that an {@code Evaluator.evaluate} of them (MLflow's rule: the very DataFrame {@code transform}
 * returned) is attributed to the model's run and logged model.
 */
final class SparkPredictions {
    /** Predictions of a trained model: its entry and the DataFrame it transformed (weakly: the eval dataset). */
    static final class Prediction {
        final TrainedModels.Entry entry;
        final WeakReference<Object> input;

        Prediction(TrainedModels.Entry entry, Object input) {
            this.entry = entry;
            this.input = new WeakReference<>(input);
        }
    }

    private static final WeakIdentityMap<Object, Prediction> PREDICTIONS = new WeakIdentityMap<>();

    private SparkPredictions() {
    }

    /** {@code model.transform(input)} returned {@code predictions}: remembered when autologging trained {@code model}. */
    static void predicted(Object model, Object input, Object predictions) {
        TrainedModels.Entry e = TrainedModels.find(model);
        if (e != null) PREDICTIONS.put(predictions, new Prediction(e, input));
    }

    static Prediction prediction(Object predictions) {
        return predictions == null ? null : PREDICTIONS.get(predictions);
    }
}
