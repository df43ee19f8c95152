package io.jmlflow.integrations.xgboost;

import io.jmlflow.ActiveRun;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ClassifierPlots;
import io.jmlflow.internal.autolog.FeatureImportances;
import io.jmlflow.internal.autolog.ModelSummaryHtml;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.TrainedModels;
import io.jmlflow.internal.autolog.TrainingDataset;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a training's run gets once {@code XGBoost.train} returned, on the post-training thread, from copies taken when
 * it returned (the model's bytes, the first rows): the dataset inputs ({@code dataset}, context {@code train}; every
 * watched {@code DMatrix} under its name, context {@code eval}, as MLflow logs {@code evals}), with early stopping
 * {@code stopped_iteration}, {@code best_iteration} and the best round's metrics at step = the number of rounds (as
 * MLflow), the feature importances, the training metrics and plots of the booster on the first rows it trained on,
 * the logged model ({@code xgboost} and {@code python_function} flavors) and {@code estimator.html}. Never throws.
 */
final class XGBoostTrainingReport implements Runnable {
    static final String MODEL_NAME = "model";
    /** The train dataset input's name: MLflow's default dataset name, as its {@code xgboost.train} autologging. */
    static final String TRAIN_DATASET = "dataset";

    private final XGBoostTraining training;
    private final byte[] model;
    private final String bestIteration;
    private final XGBoostTrainingData trainData;
    private final Map<String, XGBoostTrainingData> evals;
    private final TrainedModels.Entry entry;
    /** The train dataset input, once logged (its name and digest go with the training metrics). */
    private TrainingDataset trainDataset;

    XGBoostTrainingReport(XGBoostTraining training, byte[] model, String bestIteration, XGBoostTrainingData trainData,
                          Map<String, XGBoostTrainingData> evals, TrainedModels.Entry entry) {
        this.training = training;
        this.model = model;
        this.bestIteration = bestIteration;
        this.trainData = trainData;
        this.evals = evals;
        this.entry = entry;
    }

    private ActiveRun activeRun() {
        return training.scope.run();
    }

    @Override
    public void run() {
        Booster booster = null;
        try {
            // First what needs no store (the store may still be opening beside this), then the logging.
            booster = XGBoost.loadModel(model);
            singleThreaded(booster);
            String[] features = Compat.featureNames(booster);
            Map<String, Map<String, Double>> importances = new LinkedHashMap<>();
            for (String type : training.settings.importanceTypes()) {
                Map<String, Double> scores = importance(booster, type, features);
                if (scores != null) importances.put(type, scores);
            }
            TrainingOutcomes outcomes = trainingOutcomes(booster);
            List<TrainingDataset> datasets = datasets();

            logDatasets(datasets);
            logEarlyStopping();
            for (Map.Entry<String, Map<String, Double>> e : importances.entrySet()) {
                FeatureImportances.logTo(activeRun(), e.getKey(), e.getValue());
            }
            Map<String, Double> metrics = trainingMetrics(outcomes);
            String modelId = AutologState.options().logModels() ? logModel(booster) : null;
            // once, onto the model when there is one, carrying the train dataset
            ModelMetrics.log(activeRun(), modelId, metrics, 0, trainDataset);
            ModelSummaryHtml.logTo(activeRun(), XGBoostIntegration.BOOSTER, training.params, metrics);
        } catch (Throwable t) {
            Log.warnOnce("xgboost-report", "xgboost autologging could not complete the run " + activeRun().runId() + ": " + t);
        } finally {
            if (booster != null) booster.dispose();
            trainData.dispose();
        }
    }

    /**
     * Our copy predicts and scores on this thread alone: with XGBoost's default of all cores, each call woke an
     * OpenMP team whose threads then spun waiting for more work (about 25-45 ms of CPU for nothing, taken from the
     * program's own threads). The setting is not part of the saved model.
     */
    private static void singleThreaded(Booster booster) {
        try {
            booster.setParam("nthread", 1);
        } catch (Throwable t) {
            // XGBoost's default then
        }
    }

    /** The train dataset (first) and each watched set; empty when datasets are not logged. */
    private List<TrainingDataset> datasets() {
        List<TrainingDataset> out = new ArrayList<>();
        if (!AutologState.options().logDatasets()) return out;
        try {
            trainDataset = trainData.dataset(TRAIN_DATASET);
            out.add(trainDataset);
            for (Map.Entry<String, XGBoostTrainingData> e : evals.entrySet()) {
                // the training data watched under a name of its own: digested once
                out.add(e.getValue() == trainData ? trainDataset.named(e.getKey()) : e.getValue().dataset(e.getKey()));
            }
        } catch (Throwable t) {
            Log.warnOnce("xgboost-dataset", "xgboost autologging could not log the datasets: " + t);
        }
        return out;
    }

    /** The train dataset with context {@code train}, the watched sets with {@code eval}. */
    private void logDatasets(List<TrainingDataset> datasets) {
        for (TrainingDataset dataset : datasets) {
            dataset.logTo(activeRun(), dataset == trainDataset ? "train" : "eval");
        }
    }

    /** As MLflow: {@code stopped_iteration}, {@code best_iteration}, and the best round's metrics one step further. */
    private void logEarlyStopping() {
        List<Map<String, Double>> rounds = training.rounds;
        if (training.earlyStoppingRounds <= 0 || rounds.isEmpty()) return;
        int best = rounds.size() - 1;
        try {
            if (bestIteration != null) best = Math.max(0, Math.min(rounds.size() - 1, Integer.parseInt(bestIteration.trim())));
        } catch (NumberFormatException e) {
            // XGBoost sets it as an integer; keep the last round otherwise
        }
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("stopped_iteration", (double) (rounds.size() - 1));
        summary.put("best_iteration", (double) best);
        activeRun().logMetrics(summary, 0);
        activeRun().logMetrics(rounds.get(best), rounds.size());
    }

    /**
     * The booster's scores of {@code type} by feature (named as the booster's {@code features}, {@code f0, f1, ...}
     * when it has none), in feature order, as Python's {@code get_score}; null when they cannot be read.
     */
    static Map<String, Double> importance(Booster booster, String type, String[] features) {
        try {
            Map<String, Double> scores = "weight".equals(type) ? SplitCounts.of(booster) : booster.getScore("", type);
            Map<String, Double> ordered = new LinkedHashMap<>();
            if (features != null) {
                for (String f : features) if (scores.containsKey(f)) ordered.put(f, scores.get(f));
            }
            Map<String, Double> rest = new TreeMap<>(FEATURE_ORDER);
            for (Map.Entry<String, Double> e : scores.entrySet()) if (!ordered.containsKey(e.getKey())) rest.put(e.getKey(), e.getValue());
            ordered.putAll(rest);
            return ordered;
        } catch (Throwable t) {
            Log.warnOnce("xgboost-importance-" + type, "xgboost autologging could not read the feature importances ("
                    + type + "): " + t);
            return null;
        }
    }

    /** {@link #compareFeatures} (a class, not a method reference: no link to pay for after each first training). */
    private static final java.util.Comparator<String> FEATURE_ORDER = new java.util.Comparator<String>() {
        @Override
        public int compare(String a, String b) {
            return compareFeatures(a, b);
        }
    };

    /** {@code f2} before {@code f10}; other names alphabetically. */
    static int compareFeatures(String a, String b) {
        if (a.length() > 1 && b.length() > 1 && a.charAt(0) == 'f' && b.charAt(0) == 'f') {
            try {
                return Long.compare(Long.parseLong(a.substring(1)), Long.parseLong(b.substring(1)));
            } catch (NumberFormatException e) {
                // not XGBoost's default names
            }
        }
        return a.compareTo(b);
    }

    /** The booster's predictions on the first rows it trained on, read by its objective; null when there are none. */
    private TrainingOutcomes trainingOutcomes(Booster booster) {
        DMatrix rows = trainData.sample();
        if (rows == null || trainData.labels == null || training.customObjective) return null;
        try {
            return TrainingOutcomes.of(training.objective, trainData.labels, booster.predict(rows));
        } catch (Throwable t) {
            Log.warnOnce("xgboost-training-metrics", "xgboost autologging could not compute the training metrics: " + t);
            return null;
        }
    }

    /** MLflow's training metrics of {@code outcomes} (may be null), and for classifiers the plots. */
    private Map<String, Double> trainingMetrics(TrainingOutcomes outcomes) {
        if (outcomes == null || outcomes.metrics.isEmpty()) return Map.of();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : outcomes.metrics.entrySet()) metrics.put("training_" + e.getKey(), e.getValue());
        if (outcomes.classification()) {
            ClassifierPlots.logTo(activeRun(), "training_", outcomes.truth, outcomes.predicted, outcomes.probabilities, null);
        }
        return metrics;
    }

    /** Logs the model copy with the run's params; returns its id when it is READY, else null. */
    private String logModel(Booster booster) {
        try {
            LoggedModel logged = activeRun().logModel(booster, MODEL_NAME, training.params);
            if (logged != null && logged.status() == LoggedModelStatus.READY) {
                entry.modelLogged(logged.modelId());
                return logged.modelId();
            }
        } catch (Throwable t) {
            Log.warn("xgboost autologging could not log the model of run " + activeRun().runId() + ": " + t);
        }
        return null;
    }
}
