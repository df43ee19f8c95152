package io.jmlflow.integrations.smile;

import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.autolog.AutologState;
import io.jmlflow.internal.Log;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One outermost validation call that trains repeatedly: {@code smile.validation.CrossValidation},
 * {@code Bootstrap}, {@code LOOCV}, and Smile 6's {@code smile.model.Model.classification/regression}. It gets one
 * run; each fit inside it becomes a nested child run (params, training metrics, fit time, and afterwards its
 * held-out fold's metrics as {@code val_*}), except under leave-one-out, whose n fits are only counted. At the end
 * the parent gets the summary Smile computed: {@code cv_mean_*} / {@code cv_std_*} (or {@code bootstrap_*}) and the
 * per-round headline metric as history, {@code loocv_*}, or the {@code training_/val_/test_} metrics of a
 * {@code ClassificationModel} / {@code RegressionModel}, which is also logged as the run's model.
 */
final class ValidationCall {
    private final String kind;
    private final String method;
    private final SmileRun run;
    private final List<SmileRun> children = new ArrayList<>();
    private String algorithm;
    private int counted;
    private double countedMillis;

    private ValidationCall(String kind, String method, SmileRun run) {
        this.kind = kind;
        this.method = method;
        this.run = run;
    }

    /** Opens the validation's run and logs its arguments; the call is still tracked when nothing is logged. */
    static ValidationCall start(Class<?> type, String method, String descriptor, Object[] args) {
        String kind = type.getSimpleName();
        SmileRun run = SmileRun.open(kind + "." + method);
        ValidationCall call = new ValidationCall(kind, method, run);
        if (run != null) {
            try {
                TrainingData data = TrainingData.of(args);
                String[] names = ParameterNames.of(type, method, descriptor, args.length);
                Map<String, String> params = new LinkedHashMap<>();
                params.put("validation", kind + "." + method);
                params.putAll(HyperParameters.of(names, args, data.size));
                if (data.size >= 0) params.put("training_set_size", String.valueOf(data.size));
                run.run.logParams(params);
            } catch (RuntimeException | LinkageError e) {
                Log.warnOnce("smile-validation-params", "smile autologging could not log the arguments of "
                        + kind + "." + method + ": " + e);
            }
        }
        return call;
    }

    /** The nested run for the next fit inside this validation, or null when fits are only counted. */
    SmileRun openChild(Class<?> modelType) {
        if (algorithm == null) algorithm = modelType.getSimpleName();
        if (run == null || kind.equals("LOOCV")) return null;
        SmileRun child = SmileRun.nested(modelType.getSimpleName() + "-" + (children.size() + 1),
                Map.of("smile.validation.round", String.valueOf(children.size() + 1)));
        if (child != null) children.add(child);
        return child;
    }

    /** A fit that got no run of its own. */
    void counted(double fitMillis) {
        counted++;
        countedMillis += fitMillis;
    }

    /** Logs Smile's summary of the validation and ends its run. Never throws. */
    void finish(Object result, Throwable thrown) {
        if (run == null) return;
        try {
            Map<String, String> params = new LinkedHashMap<>();
            if (algorithm != null) params.put("model", algorithm);
            params.put("fits", String.valueOf(children.size() + counted));
            run.run.logParams(params);
            if (thrown == null && result != null) summarize(result);
        } catch (Throwable t) {
            Log.warnOnce("smile-validation", "smile autologging could not log the result of " + kind + "." + method
                    + ": " + t);
        } finally {
            run.end(thrown);
        }
    }

    private void summarize(Object result) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (counted > 0) metrics.put("total_fit_time_ms", countedMillis);
        Object rounds = Reflect.read(result, "rounds");
        if (rounds instanceof List) {
            String prefix = kind.equals("Bootstrap") ? "bootstrap_" : "cv_";
            metrics.putAll(SmileMetrics.read(Reflect.read(result, "avg"), prefix + "mean_"));
            metrics.putAll(SmileMetrics.read(Reflect.read(result, "std", "sd"), prefix + "std_"));
            metrics.remove(prefix + "std_error_rate"); // a ratio of two standard deviations means nothing
            rounds((List<?>) rounds, prefix);
        } else if (SmileMetrics.isMetrics(result)) {
            metrics.putAll(SmileMetrics.read(result, kind.toLowerCase(java.util.Locale.ROOT) + "_"));
        } else if (Reflect.isA(result, "smile.model.ClassificationModel")
                || Reflect.isA(result, "smile.model.RegressionModel")) {
            metrics.putAll(SmileMetrics.read(Reflect.read(result, "train"), "training_"));
            metrics.putAll(SmileMetrics.read(Reflect.read(result, "validation"), "val_"));
            metrics.putAll(SmileMetrics.read(Reflect.read(result, "test"), "test_"));
        }
        run.run.logMetrics(metrics, 0);
        AutologOptions options = AutologState.options();
        if (options.logModels() && result instanceof Serializable && result.getClass().getName().startsWith("smile.")
                && !(rounds instanceof List) && !SmileMetrics.isMetrics(result)) {
            SmileModelFlavor.withSignature(result,
                    options.logModelSignatures() ? SmileSignatures.ofFrameModel(result) : null,
                    () -> Mlflow.logModel(result, "model"));
        }
    }

    /** Each round's held-out metrics: into its child run as {@code val_*}, into the parent as history. */
    private void rounds(List<?> rounds, String prefix) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < rounds.size(); i++) {
            Object m = Reflect.read(rounds.get(i), "metrics");
            if (!SmileMetrics.isMetrics(m)) continue;
            Map<String, Double> values = SmileMetrics.read(m, "val_");
            String headline = "val_" + SmileMetrics.headline(m);
            if (values.containsKey(headline)) {
                run.run.logMetric(prefix + SmileMetrics.headline(m), values.get(headline), i + 1, now);
            }
            if (children.size() == rounds.size()) children.get(i).run.logMetrics(values, 0);
        }
    }
}
