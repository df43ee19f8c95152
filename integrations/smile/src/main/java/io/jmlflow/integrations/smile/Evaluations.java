package io.jmlflow.integrations.smile;

import io.jmlflow.Mlflow;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.EvalMetricNames;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.internal.Log;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Post-training evaluation of models autologging logged. What is followed (Smile 3 and 6 alike):
 * <ul>
 *   <li>a batch {@code predict} of such a model ({@code predict(DataFrame)}, {@code predict(T[])}, ... returning the
 *       {@code int[]} / {@code double[]} of predictions): the returned array is remembered (weakly) with the model
 *       and the data it predicted;</li>
 *   <li>then a metric over that array: a static {@code of(truth, prediction)} of a
 *       {@code smile.validation.metric} class ({@code Accuracy.of(y, model.predict(x))}, {@code RMSE.of(...)}),
 *       or a {@code smile.validation.ClassificationValidation} / {@code RegressionValidation} built for the model
 *       (what {@code ClassificationValidation.of(formula, train, test, trainer)} does, posteriori included; the
 *       {@code test} it was given is the evaluated data, as Smile scores it row by row).</li>
 * </ul>
 * The first such metric call on a prediction logs MLflow's full metric set for it ({@link Scoring}) once, into the
 * model's run and onto its logged model, under {@link EvalMetricNames#prefix} ({@code eval_accuracy_score}, then
 * {@code eval_2_accuracy_score} for another data set), and the predicted data (with the truth as its label column)
 * as an {@code eval} dataset input, which the metrics name as their dataset ({@link ModelMetrics}). The arrays are copied on the calling thread; scoring and logging run on
 * {@link PostTrainingWork}'s thread after the model's own logging. Option {@code autolog.log.post.training.metrics}.
 */
final class Evaluations {
    private record Prediction(Object model, TrainedModels.Entry logged, Object input) {
    }

    private static final Map<Object, Prediction> PREDICTIONS = Collections.synchronizedMap(new WeakHashMap<>());
    /** Predictions already evaluated (a validation's constructors call each other). */
    private static final Map<Object, Boolean> DONE = Collections.synchronizedMap(new WeakHashMap<>());
    /** The test data of the {@code ClassificationValidation.of} / {@code RegressionValidation.of} running on a thread. */
    private static final ThreadLocal<Object> VALIDATION_INPUT = new ThreadLocal<>();

    private Evaluations() {
    }

    /** Exit of a batch {@code predict}: remembers the predictions of a logged model. Cheap for other models. */
    static void predicted(Object model, Object input, Object prediction) {
        if (!TrainedModels.any() || model == null || prediction == null) return;
        TrainedModels.Entry logged = TrainedModels.find(model);
        if (logged == null) return;
        PREDICTIONS.put(prediction, new Prediction(model, logged, input));
    }

    /** A static metric call of {@code smile.validation.metric}: evaluates when one argument is a remembered prediction. */
    static void metric(Object[] args) {
        if (!TrainedModels.any()) return;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (!(a instanceof int[]) && !(a instanceof double[])) continue;
            Prediction p = PREDICTIONS.get(a);
            if (p == null) continue;
            Object truth = null;
            for (int j = 0; j < args.length; j++) {
                if (j != i && args[j] != null && args[j].getClass() == a.getClass()) {
                    truth = args[j];
                    break;
                }
            }
            if (truth != null) evaluate(p.model, p.logged, p.input, truth, a, null);
            return;
        }
    }

    /** A validation's {@code of} starts on this thread with {@code testInput}; returns the input it replaces. */
    static Object validating(Object testInput) {
        Object previous = VALIDATION_INPUT.get();
        VALIDATION_INPUT.set(testInput);
        return previous;
    }

    /** That {@code of} returned (or threw). */
    static void validatingEnded(Object previous) {
        if (previous == null) VALIDATION_INPUT.remove();
        else VALIDATION_INPUT.set(previous);
    }

    /**
     * A {@code ClassificationValidation} / {@code RegressionValidation} was built: {@code args[0]} is the model, then
     * the truth and the prediction arrays (and the posteriori for classifiers).
     */
    static void validation(Object[] args) {
        if (!TrainedModels.any() || args.length < 3) return;
        Object model = args[0];
        Object truth = null;
        Object prediction = null;
        double[][] posteriori = null;
        for (int i = 1; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof int[] || a instanceof double[]) {
                if (truth == null) truth = a;
                else if (prediction == null && a.getClass() == truth.getClass()) prediction = a;
            } else if (a instanceof double[][]) {
                posteriori = (double[][]) a;
            }
        }
        if (truth == null || prediction == null) return;
        Prediction p = PREDICTIONS.get(prediction);
        TrainedModels.Entry logged = p != null ? p.logged : TrainedModels.find(model);
        if (logged == null) return;
        // scored row by row inside of(formula, train, test, trainer): the input is the test data that of() was given
        Object input = p != null ? p.input : VALIDATION_INPUT.get();
        evaluate(model, logged, input, truth, prediction, posteriori);
    }

    private static void evaluate(Object model, TrainedModels.Entry logged, Object input, Object truth, Object prediction,
                                 double[][] posteriori) {
        if (DONE.put(prediction, Boolean.TRUE) != null) return;
        PREDICTIONS.remove(prediction);
        if (!AutologState.options().logPostTrainingMetrics()) return;
        try {
            Object t = truth instanceof int[] ? ((int[]) truth).clone() : ((double[]) truth).clone();
            Object y = prediction instanceof int[] ? ((int[]) prediction).clone() : ((double[]) prediction).clone();
            double[][] probabilities = posteriori == null ? null : posteriori.clone();
            TrainingDataset dataset = AutologState.options().logDatasets() ? dataset(input, t) : null;
            Object key = input != null ? input : truth;
            // not tied to the run: it may come after the run's end (queued behind the model's own logging anyway)
            PostTrainingWork.submit(null, "smile evaluation of run " + logged.runId(),
                    () -> log(model, logged, key, dataset, t, y, probabilities));
        } catch (Exception | LinkageError e) {
            Log.warnOnce("smile-eval", "smile autologging could not record an evaluation of "
                    + (model == null ? "a model" : model.getClass().getName()) + ": " + e);
        }
    }

    private static TrainingDataset dataset(Object input, Object truth) throws Exception {
        if (Reflect.isA(input, "smile.data.DataFrame")) {
            return SmileDatasets.ofFrame(input, SmileDatasets.nameOf(input, SmileDatasets.EVAL_NAME));
        }
        if (input instanceof Object[] && ((Object[]) input).length == java.lang.reflect.Array.getLength(truth)) {
            return SmileDatasets.ofRows((Object[]) input, truth, SmileDatasets.EVAL_NAME);
        }
        return null;
    }

    private static void log(Object model, TrainedModels.Entry logged, Object key, TrainingDataset dataset, Object truth,
                            Object prediction, double[][] probabilities) {
        try {
            Scoring scoring = truth instanceof int[]
                    ? Scoring.labelled(model, (int[]) truth, (int[]) prediction, probabilities)
                    : Scoring.values((double[]) truth, (double[]) prediction);
            String runId = logged.runId();
            Map<String, Double> metrics = scoring.metrics(EvalMetricNames.prefix(runId, key, null));
            if (dataset != null) dataset.logTo(logged.run(), "eval");
            if (metrics.isEmpty()) return;
            Mlflow.flush();
            ModelMetrics.log(logged.run(), logged.modelId(), metrics, 0, dataset);
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("smile-eval-log", "smile autologging could not log evaluation metrics of "
                    + (model == null ? "a model" : model.getClass().getName()) + ": " + e);
        }
    }
}
