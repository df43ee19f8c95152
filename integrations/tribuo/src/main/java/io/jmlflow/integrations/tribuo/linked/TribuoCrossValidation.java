package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.util.Pair;
import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.TuningRuns;
import io.jmlflow.integrations.tribuo.TribuoHooks;
import io.jmlflow.integrations.tribuo.TribuoSupport;
import io.jmlflow.internal.Log;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.evaluation.Evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One outermost {@code CrossValidation.evaluate()}: Tribuo 4.3 has no hyperparameter search, so the candidates
 * of MLflow's search runs are the folds. The parent run (MLflow's autolog run rules) gets the trainer's
 * estimator tags and params, {@code cv.num_folds}, the whole dataset as the {@code train} input, and over the
 * folds {@code mean_test_<metric>} / {@code std_test_<metric>} (scikit-learn's cv_results names;
 * {@code mean_test_score} is the mean fold score). {@link TuningRuns} adds one child run per fold (param
 * {@code fold}, the fold's held-out metrics as {@code eval_<metric>}; the best {@code maxTuningRuns} folds),
 * {@code best_fold}, {@code best_cv_score} and {@code cv_results.csv}. A fold's score is its accuracy for
 * classifiers, R2 for regressors, else the first of Tribuo's metrics (e.g. normalized mutual information).
 * The folds' own trainings and evaluations record nothing.
 */
final class TribuoCrossValidation implements TribuoSupport.CrossValidation {
    static final String SCORE_NAME = "cv_score";
    static final String FOLD_PARAM = "fold";

    private final AutologRun scope;
    private final Dataset<?> dataset;

    private TribuoCrossValidation(AutologRun scope, Dataset<?> dataset) {
        this.scope = scope;
        this.dataset = dataset;
    }

    static TribuoCrossValidation start(Trainer<?> trainer, Dataset<?> dataset, int folds) {
        AutologRun scope = AutologRun.begin(TribuoAutologger.INTEGRATION, null);
        if (scope == null) return null;
        TribuoTraining.logConfiguration(scope.run(), trainer, dataset);
        try {
            scope.run().logParam("cv.num_folds", folds);
        } catch (RuntimeException e) {
            Log.debug("no cv.num_folds param", e);
        }
        return new TribuoCrossValidation(scope, dataset);
    }

    /** One fold's held-out outcomes, copied on the caller's thread. */
    private record Fold(Outcomes outcomes, Map<String, Double> tribuoMetrics) {
        Map<String, Double> metrics() {
            return outcomes != null ? outcomes.metrics() : tribuoMetrics;
        }

        String scoreKey() {
            if (outcomes != null) return outcomes.scoreKey();
            return tribuoMetrics.isEmpty() ? null : tribuoMetrics.keySet().iterator().next();
        }
    }

    @Override
    public void finish(Object results, Throwable thrown) {
        Runnable work = null;
        try {
            if (thrown == null && results instanceof List) work = prepare((List<?>) results);
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("tribuo-cv", "Tribuo autologging could not record the cross-validation in run "
                    + scope.run().runId() + ": " + e);
        } finally {
            scope.endAfter(work, thrown);
        }
    }

    private Runnable prepare(List<?> results) {
        List<Fold> folds = new ArrayList<>();
        for (Object o : results) {
            if (!(o instanceof Pair)) continue;
            Object ev = ((Pair<?, ?>) o).getA();
            Object model = ((Pair<?, ?>) o).getB();
            if (!(ev instanceof Evaluation) || !(model instanceof Model)) continue;
            Evaluation<?> evaluation = (Evaluation<?>) ev;
            Outcomes outcomes = Outcomes.of((Model<?>) model, evaluation.getPredictions());
            folds.add(new Fold(outcomes, outcomes == null ? EvaluationMetrics.of((Model<?>) model, evaluation) : Map.of()));
        }
        boolean logDataset = AutologState.options().logDatasets();
        TribuoTrainingData sample = logDataset ? TribuoTrainingData.of(dataset) : null;
        String name = DatasetNames.of(dataset.getProvenance());
        ImmutableFeatureMap features = dataset.getFeatureIDMap(); // a copy of the dataset's mutable feature map
        ActiveRun run = scope.run();
        return TribuoHooks.later(() -> {
            if (logDataset) DatasetInputs.of(name, features, sample).logTo(run, "train");
            logFolds(run, folds);
        });
    }

    private static void logFolds(ActiveRun run, List<Fold> folds) {
        List<TuningRuns.Candidate> candidates = new ArrayList<>();
        Map<String, List<Double>> byMetric = new TreeMap<>();
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) {
            Fold fold = folds.get(i);
            Map<String, Double> metrics = fold.metrics();
            String scoreKey = fold.scoreKey();
            double score = scoreKey == null || metrics.get(scoreKey) == null ? Double.NaN : metrics.get(scoreKey);
            Map<String, Double> eval = new LinkedHashMap<>();
            metrics.forEach((k, v) -> {
                eval.put(EvaluationMetrics.metricKey("eval_" + k), v);
                byMetric.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            });
            scores.add(score);
            candidates.add(new TuningRuns.Candidate(Map.of(FOLD_PARAM, String.valueOf(i)), eval, score));
        }
        Map<String, Double> summary = new TreeMap<>();
        byMetric.forEach((k, values) -> {
            summary.put(EvaluationMetrics.metricKey("mean_test_" + k), mean(values));
            summary.put(EvaluationMetrics.metricKey("std_test_" + k), std(values));
        });
        summary.put("mean_test_score", mean(scores));
        summary.put("std_test_score", std(scores));
        summary.values().removeIf(v -> !Double.isFinite(v));
        run.logMetrics(summary, 0);
        TuningRuns.log(run, SCORE_NAME, true, candidates);
    }

    static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) sum += v;
        return values.isEmpty() ? Double.NaN : sum / values.size();
    }

    /** The population standard deviation, as scikit-learn's {@code std_test_score}. */
    static double std(List<Double> values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) sum += (v - m) * (v - m);
        return values.isEmpty() ? Double.NaN : Math.sqrt(sum / values.size());
    }
}
