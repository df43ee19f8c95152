package io.jmlflow.integrations.smile;

import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.autolog.AutologState;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.internal.Log;
import io.jmlflow.models.ModelSignature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One outermost Smile {@code fit} call: what it was called with, the most specific overload it went through (whose
 * arguments are the hyperparameters actually used, defaults included), and, at its end, everything logged about it.
 */
final class FitCall {
    final Class<?> type;
    private final long start = System.nanoTime();
    private final Object[] args;
    /** The run to log into; null when this call is only counted (or not logged at all). */
    private final SmileRun run;
    /** The validation this fit is part of, or null. */
    private final ValidationCall validation;
    private String bestDescriptor;
    private Object[] bestArgs;
    private Progress progress;

    FitCall(Class<?> type, String descriptor, Object[] args, SmileRun run, ValidationCall validation) {
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

    /** Logs what the call produced and ends the run it opened. Never throws. */
    void finish(Object model, Throwable thrown) {
        double fitMillis = (System.nanoTime() - start) / 1e6;
        if (progress != null) progress.finish();
        if (run == null) {
            if (validation != null) validation.counted(fitMillis);
            return;
        }
        try {
            log(model, thrown, fitMillis);
        } catch (Throwable t) {
            Log.warnOnce("smile-log:" + type.getName(), "smile autologging could not log the training of "
                    + type.getName() + ": " + t);
        } finally {
            run.end(thrown);
        }
    }

    private void log(Object model, Throwable thrown, double fitMillis) {
        TrainingData data = TrainingData.of(args);
        String[] names = ParameterNames.of(type, "fit", bestDescriptor, bestArgs.length);
        Map<String, String> params = HyperParameters.of(names, bestArgs, data.size);
        params.put("model_class", model != null ? model.getClass().getName() : type.getName());
        if (data.size >= 0) params.put("training_set_size", String.valueOf(data.size));
        int features = features(model, data);
        if (features >= 0) params.put("num_features", String.valueOf(features));
        if (model != null && Reflect.isA(model, "smile.classification.Classifier")) {
            double k = Reflect.number(model, "numClasses");
            if (!Double.isNaN(k)) params.put("num_classes", String.valueOf((int) k));
        }
        Object outOfBag = model == null ? null : SmileMetrics.outOfBag(model);
        int[] sample = outOfBag == null ? data.sample(SmileMetrics.TRAINING_SAMPLE) : new int[0];
        if (sample.length > 0 && sample.length < data.size) {
            params.put("training_metrics_rows", String.valueOf(sample.length));
        }
        run.run.logParams(params);
        if (thrown != null || model == null) return;

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("fit_time_ms", fitMillis);
        if (outOfBag != null) {
            metrics.putAll(SmileMetrics.read(outOfBag, "oob_"));
        } else if (sample.length > 0) {
            try {
                metrics.putAll(SmileMetrics.training(model, data, sample));
            } catch (Exception | LinkageError e) {
                Log.warnOnce("smile-training-metrics:" + model.getClass().getName(), "smile autologging could not "
                        + "compute training metrics for " + model.getClass().getName() + ": " + e);
            }
        }
        SmileMetrics.clustering(model).forEach((k, v) -> {
            if (progress == null || !progress.keys.contains(k)) metrics.put(k, v);
        });
        if (progress == null || progress.keys.isEmpty()) treeHistory(model);
        AutologOptions options = AutologState.options();
        // fold models of a validation are not kept: the validation's own result is
        boolean linked = validation == null && options.logModels()
                && logModel(model, data, params, metrics, options.logModelSignatures());
        if (!linked) run.run.logMetrics(metrics, 0);
    }

    private static int features(Object model, TrainingData data) {
        if (model != null && data.isFrame() && Reflect.publicMethod(model.getClass(), "schema") != null) {
            double n = Reflect.number(Reflect.read(model, "schema"), "length");
            if (!Double.isNaN(n)) return (int) n;
        }
        return data.rowWidth();
    }

    /**
     * Random forests keep each tree's out-of-bag metrics (3.x and 6.x): the per-tree history when no progress was
     * published (Smile 3 has no progress callback), at no extra cost.
     */
    private void treeHistory(Object model) {
        Object trees = Reflect.publicMethod(model.getClass(), "models") == null ? null : Reflect.read(model, "models");
        if (!(trees instanceof Object[])) return;
        long now = System.currentTimeMillis();
        Object[] ts = (Object[]) trees;
        for (int i = 0; i < ts.length; i++) {
            Object m = Reflect.read(ts[i], "metrics");
            if (!SmileMetrics.isMetrics(m)) return;
            String headline = SmileMetrics.headline(m);
            Double v = SmileMetrics.read(m, "").get(headline);
            if (v != null) run.run.logMetric("tree_oob_" + headline, v, i + 1, now);
        }
    }

    /**
     * Logs the model with its params, then its metrics linked to it (which logs them into the run too, as MLflow's
     * metrics with a model id); false when the metrics still need logging into the run.
     */
    private boolean logModel(Object model, TrainingData data, Map<String, String> params, Map<String, Double> metrics,
                             boolean withSignature) {
        ModelSignature signature = null;
        if (withSignature) {
            signature = data.isFrame() ? SmileSignatures.ofFrameModel(model) : SmileSignatures.ofRows(model, data.rows);
        }
        LoggedModel logged = SmileModelFlavor.withSignature(model, signature,
                () -> Mlflow.logModel(model, "model", params));
        if (logged == null) return false;
        long now = System.currentTimeMillis();
        List<Metric> linked = new ArrayList<>();
        metrics.forEach((k, v) -> linked.add(new Metric(k, v, now, 0)));
        try {
            Mlflow.client().logModelMetrics(logged.modelId(), run.runId(), linked);
            return true;
        } catch (RuntimeException e) {
            Log.warnOnce("smile-model-metrics", "could not link metrics to logged model " + logged.modelId() + ": "
                    + e.getMessage());
            return false;
        }
    }
}
