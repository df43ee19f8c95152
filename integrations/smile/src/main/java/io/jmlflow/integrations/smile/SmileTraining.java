package io.jmlflow.integrations.smile;

import io.jmlflow.AutologOptions;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.internal.Log;
import io.jmlflow.models.ModelSignature;

import java.util.Map;
import java.util.Set;

/**
 * One outermost Smile {@code fit} call: what it was called with, the most specific overload it went through (whose
 * arguments are the hyperparameters actually used, defaults included), and, at its end, everything logged about it.
 */
final class SmileTraining {
    final Class<?> type;
    private final long start = System.nanoTime();
    private final Object[] args;
    /** The run to log into; null when this call is only counted (or not logged at all). */
    private final SmileRun run;
    /** The validation this fit is part of, or null. */
    private final SmileValidation validation;
    private String bestDescriptor;
    private Object[] bestArgs;
    private Progress progress;

    SmileTraining(Class<?> type, String descriptor, Object[] args, SmileRun run, SmileValidation validation) {
        this.type = type;
        this.args = args;
        this.bestDescriptor = descriptor;
        this.bestArgs = args;
        this.run = run;
        this.validation = validation;
    }

    /** A nested call of the same model class with at least as many parameters is the more specific overload. */
    void observe(Class<?> calledType, String descriptor, Object[] calledArgs) {
        if (calledType == type && calledArgs.length >= bestArgs.length) {
            bestDescriptor = descriptor;
            bestArgs = calledArgs;
        }
    }

    /** Smile 6: gives an {@code Options} argument without a controller one of ours (see {@link Progress}). */
    Object[] attachProgress(Class<?> calledType, Object[] calledArgs) {
        if (run == null || progress != null || calledType != type) return calledArgs;
        try {
            Object[] copy = calledArgs.clone();
            Progress p = Progress.attach(run.run, type, copy);
            if (p == null) return calledArgs;
            progress = p;
            if (bestArgs == calledArgs) bestArgs = copy;
            return copy;
        } catch (Exception | LinkageError e) {
            Log.warnOnce("smile-progress:" + type.getName(), "smile autologging cannot follow the training progress of "
                    + type.getName() + " (no metric history): " + e);
            return calledArgs;
        }
    }

    /**
     * Logs what the call produced and ends the run it opened. On the training thread only what could change after
     * the call returns (a copy of the arguments' mutable hyperparameters, of the sampled rows of row arrays and the
     * digest of those arrays) and the hook for the user's evaluation of the model; the rest (params and tags,
     * training metrics, plots, the dataset of a data frame, the model) goes to {@link SmileRun#endAfter}, so that
     * the training call returns without waiting for it. Never throws.
     */
    void finish(Object model, Throwable thrown) {
        double fitMillis = (System.nanoTime() - start) / 1e6;
        if (progress != null) progress.finish();
        if (run == null) {
            if (validation != null && validation.collectsRounds() && model != null && thrown == null) {
                try {
                    validation.round(roundParams(model), roundMetrics(model, fitMillis));
                    return;
                } catch (RuntimeException | LinkageError e) {
                    Log.warnOnce("smile-round:" + type.getName(), "smile autologging could not read a validation"
                            + " round of " + type.getName() + ": " + e);
                }
            }
            if (validation != null) validation.counted(fitMillis);
            return;
        }
        Runnable work = null;
        try {
            work = prepare(model, thrown, fitMillis);
        } catch (Throwable t) {
            Log.warnOnce("smile-log:" + type.getName(), "smile autologging could not log the training of "
                    + type.getName() + ": " + t);
        }
        run.endAfter(work, thrown);
    }

    /** What stays to be logged once the call returned, after taking now what cannot wait. */
    private Runnable prepare(Object model, Throwable thrown, double fitMillis) {
        SmileTrainingData data = SmileTrainingData.of(args);
        Object[] hyperparameters = HyperParameters.snapshot(bestArgs);
        String descriptor = bestDescriptor;
        if (thrown != null || model == null) {
            return () -> logParams(model, data, descriptor, hyperparameters, 0);
        }
        AutologOptions options = AutologState.options();
        boolean fold = validation != null;
        boolean logModel = !fold && options.logModels();
        boolean scored = Scoring.isClassifier(model) || Scoring.isRegressor(model);
        TrainedModels.Entry logged = fold ? null : TrainedModels.register(model, run.run);
        Set<String> progressKeys = progress == null ? Set.of() : progress.keys;
        if (data.isFrame() || data.rows == null) {
            // data frames cannot change: everything waits
            Object frame = data.isFrame() && !fold && options.logDatasets() ? data.frame : null;
            boolean frameSignature = data.isFrame() && options.logModelSignatures();
            return () -> {
                int[] sample = scored ? data.sample(SmileMetrics.trainingRows(model)) : new int[0];
                Map<String, String> params = logParams(model, data, descriptor, hyperparameters, sample.length);
                new SmileTrainingReport(run.run, model, params, fitMillis, progressKeys)
                        .scoring(data, sample)
                        .dataset(null, frame)
                        .extras(!fold)
                        .model(logModel, null, frameSignature, logged)
                        .run();
            };
        }
        // row arrays may be reused by the caller once fit returns: the sampled rows are copied and their digest
        // taken now (bounded rows)
        int[] sample = scored ? data.sample(SmileMetrics.trainingRows(model)) : new int[0];
        SmileTrainingData kept = data.detached(sample);
        int[] keptSample = SmileTrainingData.all(sample.length);
        TrainingDataset arrays = null;
        if (!fold && options.logDatasets()) {
            try {
                arrays = SmileDatasets.ofRows(data.rows, data.labels, SmileDatasets.TRAIN_NAME);
            } catch (RuntimeException e) {
                Log.warnOnce("smile-dataset", "smile autologging could not describe the training data: " + e);
            }
        }
        ModelSignature signature = logModel && options.logModelSignatures()
                ? SmileSignatures.ofRows(model, data.rows) : null;
        TrainingDataset trainArrays = arrays;
        int size = data.size;
        int width = data.rowWidth();
        return () -> {
            Map<String, String> params = logParams(model, size, width, descriptor, hyperparameters, sample.length);
            new SmileTrainingReport(run.run, model, params, fitMillis, progressKeys)
                    .scoring(kept, keptSample)
                    .dataset(trainArrays, null)
                    .extras(!fold)
                    .model(logModel, signature, false, logged)
                    .run();
        };
    }

    private Map<String, String> logParams(Object model, SmileTrainingData data, String descriptor,
                                          Object[] hyperparameters, int metricsRows) {
        return logParams(model, data.size, features(model, data), descriptor, hyperparameters, metricsRows);
    }

    /**
     * Logs the call's params (the hyperparameters of its most specific overload, the model class, the training set's
     * size and features; how many rows training metrics used when that is a sample) and the estimator tags.
     */
    private Map<String, String> logParams(Object model, int size, int features, String descriptor,
                                          Object[] hyperparameters, int metricsRows) {
        String[] names = ParameterNames.of(type, "fit", descriptor, hyperparameters.length);
        Map<String, String> params = HyperParameters.of(names, hyperparameters, size);
        params.put("model_class", model != null ? model.getClass().getName() : type.getName());
        if (size >= 0) params.put("training_set_size", String.valueOf(size));
        if (features >= 0) params.put("num_features", String.valueOf(features));
        resolveMtry(params, type, features);
        if (model != null && Reflect.isA(model, "smile.classification.Classifier")) {
            double k = Reflect.number(model, "numClasses");
            if (!Double.isNaN(k)) params.put("num_classes", String.valueOf((int) k));
        }
        if (metricsRows > 0 && metricsRows < size) params.put("training_metrics_rows", String.valueOf(metricsRows));
        run.run.logParams(params);
        Class<?> estimator = model != null ? model.getClass() : type;
        run.run.setTag("estimator_name", estimatorName(estimator));
        run.run.setTag("estimator_class", estimator.getName());
        return params;
    }

    /**
     * A random forest's {@code mtry} of 0 (the default) as the value Smile used: the square root of the number of
     * features for classification, a third of them (at least 1) for regression (Smile 3 and 6 alike).
     */
    static void resolveMtry(Map<String, String> params, Class<?> type, int features) {
        String mtry = params.get("mtry");
        if (mtry == null || features <= 0 || !type.getSimpleName().equals("RandomForest")) return;
        try {
            if (Integer.parseInt(mtry.trim()) > 0) return;
        } catch (NumberFormatException e) {
            return;
        }
        int used = type.getName().startsWith("smile.regression.") ? Math.max(features / 3, 1)
                : (int) Math.sqrt(features);
        params.put("mtry", String.valueOf(used));
    }

    /** The hyperparameters of a fit that is a round of a validation. */
    private Map<String, String> roundParams(Object model) {
        String[] names = ParameterNames.of(type, "fit", bestDescriptor, bestArgs.length);
        SmileTrainingData data = SmileTrainingData.of(args);
        Map<String, String> params = HyperParameters.of(names, bestArgs, data.size);
        resolveMtry(params, type, features(model, data));
        return params;
    }

    /** What a round's model tells at no cost: its fit time and a forest's out-of-bag metrics. */
    private static Map<String, Double> roundMetrics(Object model, double fitMillis) {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metrics.put("fit_time_ms", fitMillis);
        Object outOfBag = SmileMetrics.outOfBag(model);
        if (outOfBag != null) metrics.putAll(SmileMetrics.read(outOfBag, "oob_"));
        return metrics;
    }

    /** The class name without its package ({@code LogisticRegression$Binomial}), as MLflow's {@code estimator_name}. */
    static String estimatorName(Class<?> type) {
        String n = type.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static int features(Object model, SmileTrainingData data) {
        if (model != null && data.isFrame() && Reflect.publicMethod(model.getClass(), "schema") != null) {
            double n = Reflect.number(Reflect.read(model, "schema"), "length");
            if (!Double.isNaN(n)) return (int) n;
        }
        return data.rowWidth();
    }
}
