package io.jmlflow.integrations.smile;

import io.jmlflow.AutologOptions;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.TrainingDataset;
import io.jmlflow.internal.autolog.TuningRuns;
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
 *   <li>cross-validation and bootstrap are logged as a search whose candidates are the rounds
 *       ({@link TuningRuns}): a child run for each of the best {@code maxTuningRuns} rounds by held-out score (the
 *       round's hyperparameters and {@code round}, MLflow's metrics on its held-out rows as {@code val_*}, e.g.
 *       {@code val_accuracy_score}, its fit time and out-of-bag metrics), {@code best_*} params and
 *       {@code best_val_accuracy_score} / {@code best_val_r2_score} on the parent, and {@code cv_results.csv}
 *       with every round; the parent also keeps Smile's summary {@code cv_mean_*} / {@code cv_std_*} (or
 *       {@code bootstrap_*}) and the per-round headline metric as history ({@code cv_accuracy}, step = round);</li>
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

    /** True when the fits are rounds of a search ({@link #round}) rather than counted. */
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
        if (d == null && data != null && data.frame != null) d = SmileDatasets.ofFrame(data.frame, SmileDatasets.TRAIN_NAME);
        if (d != null) d.logTo(run.run, "train");
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (counted > 0) metrics.put("total_fit_time_ms", countedMillis);
        Object rounds = Reflect.read(result, "rounds");
        if (rounds instanceof List) {
            String prefix = kind.equals("Bootstrap") ? "bootstrap_" : "cv_";
            metrics.putAll(SmileMetrics.read(Reflect.read(result, "avg"), prefix + "mean_"));
            metrics.putAll(SmileMetrics.read(Reflect.read(result, "std", "sd"), prefix + "std_"));
            metrics.remove(prefix + "std_error_rate"); // a ratio of two standard deviations means nothing
            run.run.logMetrics(metrics, 0);
            rounds((List<?>) rounds, prefix);
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
            SmileModelFlavor.withSignature(result,
                    options.logModelSignatures() ? SmileSignatures.ofFrameModel(result) : null,
                    () -> run.run.logModel(result, "model", null));
        }
    }

    /**
     * Each round's held-out metrics: the headline as the parent's history, and every round as a candidate of
     * {@link TuningRuns} (MLflow's metrics over the round's held-out truth and predictions).
     */
    private void rounds(List<?> rounds, String prefix) {
        long now = System.currentTimeMillis();
        List<TuningRuns.Candidate> candidates = new ArrayList<>();
        String scoreName = null;
        for (int i = 0; i < rounds.size(); i++) {
            Object round = rounds.get(i);
            Object m = Reflect.read(round, "metrics");
            if (SmileMetrics.isMetrics(m)) {
                String headline = SmileMetrics.headline(m);
                Double v = SmileMetrics.read(m, "").get(headline);
                if (v != null) run.run.logMetric(prefix + headline, v, i + 1, now);
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("round", String.valueOf(i + 1));
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (roundParams.size() == rounds.size()) {
                params.putAll(roundParams.get(i));
                metrics.putAll(roundMetrics.get(i));
            }
            Scoring held = heldOut(round);
            if (held != null) metrics.putAll(held.metrics("val_"));
            String score = held == null ? null : held.classifier ? "val_accuracy_score" : "val_r2_score";
            if (score != null && scoreName == null) scoreName = score;
            Double s = score == null ? null : metrics.get(score);
            candidates.add(new TuningRuns.Candidate(params, metrics, s == null ? Double.NaN : s));
        }
        TuningRuns.log(run.run, scoreName == null ? "val_score" : scoreName, true, candidates);
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
