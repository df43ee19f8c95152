package io.jmlflow.integrations.smile;

import io.jmlflow.internal.models.SignatureHint;
import io.jmlflow.AutologOptions;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.CrossValidationMetrics;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.internal.Log;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One outermost validation call that trains repeatedly: {@code smile.validation.CrossValidation},
 * {@code Bootstrap}, {@code LOOCV}, and Smile 6's {@code smile.model.Model.classification/regression}. It gets one
 * run (with the data as its {@code train} dataset input), and:
 * <ul>
 *   <li>cross-validation and bootstrap validate one setting, so they are one run as they are
 *       ({@link CrossValidationMetrics}): the setting's hyperparameters as params (those of the rounds' fits), and
 *       each round's MLflow metrics on its held-out rows as a history with step = round ({@code cv_accuracy_score},
 *       {@code cv_f1_score}, ... / {@code cv_r2_score}, ..., and {@code cv_fit_time_ms}; {@code bootstrap_*} for a
 *       bootstrap) with their mean and standard deviation over the rounds ({@code cv_mean_accuracy_score},
 *       {@code cv_std_accuracy_score}, ...). No child runs and no {@code best_*}: rounds are not candidates of a
 *       search;</li>
 *   <li>leave-one-out's n fits are only counted ({@code loocv_*} and {@code total_fit_time_ms});</li>
 *   <li>a {@code Model} factory's fits become nested child runs as they train, and its
 *       {@code ClassificationModel} / {@code RegressionModel} ({@code training_/val_/test_} metrics, Smile's names)
 *       is logged as the run's model.</li>
 * </ul>
 * The summary is logged after the call returned ({@link SmileRun#endAfter}).
 */
final class SmileValidation {
    private final String kind;
    private final String method;
    private final SmileRun run;
    /** Cross-validation and bootstrap: fits are rounds of a search, collected rather than given runs. */
    private final boolean rounds;
    private final List<SmileRun> children = new ArrayList<>();
    private final List<Map<String, String>> roundParams = new ArrayList<>();
    private final List<Map<String, Double>> roundMetrics = new ArrayList<>();
    /** The params logged at the start (the validation's own arguments). */
    private final Map<String, String> logged = new LinkedHashMap<>();
    private SmileTrainingData data;
    private TrainingDataset dataset;
    private String algorithm;
    private int counted;
    private double countedMillis;

    private SmileValidation(String kind, String method, SmileRun run) {
        this.kind = kind;
        this.method = method;
        this.run = run;
        this.rounds = kind.equals("CrossValidation") || kind.equals("Bootstrap");
    }

    /** Opens the validation's run and logs its arguments; the call is still tracked when nothing is logged. */
    static SmileValidation start(Class<?> type, String method, String descriptor, Object[] args) {
        String kind = type.getSimpleName();
        SmileRun run = SmileRun.open(kind + "." + method);
        SmileValidation call = new SmileValidation(kind, method, run);
        if (run != null) {
            try {
                SmileTrainingData data = SmileTrainingData.of(args);
                String[] names = ParameterNames.of(type, method, descriptor, args.length);
                Map<String, String> params = new LinkedHashMap<>();
                params.put("validation", kind + "." + method);
                params.putAll(HyperParameters.of(names, args, data.size));
                if (data.size >= 0) params.put("training_set_size", String.valueOf(data.size));
                run.run.logParams(params);
                call.logged.putAll(params);
                if (AutologState.options().logDatasets()) {
                    call.data = data;
                    // row arrays may change once the call returns: described now (bounded rows)
                    if (!data.isFrame() && data.rows != null) {
                        call.dataset = SmileDatasets.ofRows(data.rows, data.labels, SmileDatasets.TRAIN_NAME);
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                Log.warnOnce("smile-validation-params", "smile autologging could not log the arguments of "
                        + kind + "." + method + ": " + e);
            }
        }
        return call;
    }

    /** The nested run for the next fit inside this validation, or null when its fits are collected or counted. */
    SmileRun openChild(Class<?> modelType) {
        if (algorithm == null) algorithm = modelType.getSimpleName();
        if (run == null || rounds || kind.equals("LOOCV")) return null;
        SmileRun child = SmileRun.nested(modelType.getSimpleName() + "-" + (children.size() + 1),
                Map.of("smile.validation.round", String.valueOf(children.size() + 1)));
        if (child != null) children.add(child);
        return child;
    }

    /** True when the fits are rounds of the validation ({@link #round}) rather than counted. */
    boolean collectsRounds() {
        return rounds && run != null;
    }

    /** A round's fit: its hyperparameters and what it costs nothing to read (fit time, out-of-bag metrics). */
    void round(Map<String, String> hyperparameters, Map<String, Double> metrics) {
        roundParams.add(hyperparameters);
        roundMetrics.add(metrics);
    }

    /** A fit that got no run of its own. */
    void counted(double fitMillis) {
        counted++;
        countedMillis += fitMillis;
    }

    /** Logs Smile's summary of the validation and ends its run, after the call returned. Never throws. */
    void finish(Object result, Throwable thrown) {
        if (run == null) return;
        Runnable work = null;
        try {
            Map<String, String> params = new LinkedHashMap<>();
            if (algorithm != null) params.put("model", algorithm);
            params.put("fits", String.valueOf(children.size() + counted + roundParams.size()));
            // the setting validated: the first round's hyperparameters (every round fits the same setting), where
            // the validation's own arguments do not already use the name
            if (!roundParams.isEmpty()) {
                for (Map.Entry<String, String> e : roundParams.get(0).entrySet()) {
                    if (!logged.containsKey(e.getKey())) params.putIfAbsent(e.getKey(), e.getValue());
                }
            }
            run.run.logParams(params);
            if (thrown == null && result != null) work = () -> summarizeSafely(result);
        } catch (Throwable t) {
            Log.warnOnce("smile-validation", "smile autologging could not log the result of " + kind + "." + method
                    + ": " + t);
        }
        run.endAfter(work, thrown);
    }

    private void summarizeSafely(Object result) {
        try {
            summarize(result);
        } catch (Throwable t) {
            Log.warnOnce("smile-validation", "smile autologging could not log the result of " + kind + "." + method
                    + ": " + t);
        }
    }

    private void summarize(Object result) throws Exception {
        TrainingDataset d = dataset;
        if (d == null && data != null && data.frame != null) {
            d = SmileDatasets.ofFrame(data.frame, SmileDatasets.nameOf(data.frame, SmileDatasets.TRAIN_NAME));
        }
        if (d != null) d.logTo(run.run, "train");
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (counted > 0) metrics.put("total_fit_time_ms", countedMillis);
        Object rounds = Reflect.read(result, "rounds");
        if (rounds instanceof List) {
            if (!metrics.isEmpty()) run.run.logMetrics(metrics, 0);
            rounds((List<?>) rounds, kind.equals("Bootstrap") ? "bootstrap_" : "cv_");
            return;
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
                && !SmileMetrics.isMetrics(result)) {
            SignatureHint.with(result,
                    options.logModelSignatures() ? SmileSignatures.ofFrameModel(result) : null,
                    () -> run.run.logModel(result, "model", new LinkedHashMap<>(logged)));
        }
    }

    /** Each round's held-out metrics (MLflow's names) and fit time, as the history of one validation. */
    private void rounds(List<?> rounds, String prefix) {
        List<Map<String, Double>> folds = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            Scoring held = heldOut(rounds.get(i));
            if (held != null) metrics.putAll(held.metrics(""));
            if (roundMetrics.size() == rounds.size()) metrics.putAll(roundMetrics.get(i));
            folds.add(metrics);
        }
        CrossValidationMetrics.log(run.run, prefix, folds);
    }

    /** A round's ({@code ClassificationValidation} / {@code RegressionValidation}) truth and predictions. */
    private static Scoring heldOut(Object round) {
        Object truth = Reflect.read(round, "truth");
        Object prediction = Reflect.read(round, "prediction");
        if (truth instanceof int[] && prediction instanceof int[]) {
            Object posteriori = Reflect.read(round, "posteriori");
            return Scoring.labelled(Reflect.read(round, "model"), (int[]) truth, (int[]) prediction,
                    posteriori instanceof double[][] ? (double[][]) posteriori : null);
        }
        if (truth instanceof double[] && prediction instanceof double[]) {
            return Scoring.values((double[]) truth, (double[]) prediction);
        }
        return null;
    }
}
