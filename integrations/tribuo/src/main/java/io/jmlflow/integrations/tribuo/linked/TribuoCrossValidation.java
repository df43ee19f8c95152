package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.util.Pair;
import io.jmlflow.ActiveRun;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.CrossValidationMetrics;
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

/**
 * One outermost {@code CrossValidation.evaluate()}: one setting validated over k folds, so one run as it is
 * (MLflow's autolog run rules), with the trainer's estimator tags and params, {@code cv.num_folds}, the whole
 * dataset as the {@code train} input, and each fold's held-out metrics (MLflow's names where MLflow has them, else
 * Tribuo's, e.g. normalized mutual information) as a history with step = fold ({@code cv_accuracy_score}, ...)
 * with their mean and standard deviation over the folds ({@code cv_mean_accuracy_score},
 * {@code cv_std_accuracy_score}, ...; {@link CrossValidationMetrics}). Folds are not candidates of a search: no child
 * runs, no {@code best_*}. The folds' own trainings and evaluations record nothing.
 */
final class TribuoCrossValidation implements TribuoSupport.CrossValidation {
    static final String PREFIX = "cv_";

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
        List<Map<String, Double>> metrics = new ArrayList<>();
        for (Fold fold : folds) {
            Map<String, Double> named = new LinkedHashMap<>();
            fold.metrics().forEach((k, v) -> named.put(EvaluationMetrics.metricKey(k), v));
            metrics.add(named);
        }
        CrossValidationMetrics.log(run, PREFIX, metrics);
    }
}
