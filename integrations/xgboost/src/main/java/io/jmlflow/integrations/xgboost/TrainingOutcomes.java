package io.jmlflow.integrations.xgboost;

import io.jmlflow.internal.autolog.ClassificationMetrics;
import io.jmlflow.internal.autolog.RegressionMetrics;

import java.util.Map;

/**
 * The booster's predictions on rows it trained on, read by its objective as MLflow's scikit-learn autologging reads an
 * XGBoost estimator's: classifiers ({@code binary:logistic}, {@code binary:logitraw}, {@code binary:hinge},
 * {@code multi:softprob}, {@code multi:softmax}) give MLflow's classifier metrics and the classes for the plots;
 * regression objectives ({@code reg:*}, {@code count:poisson}) MLflow's regressor metrics; others (ranking, survival,
 * a custom objective, whose outputs are raw margins) none.
 */
final class TrainingOutcomes {
    final Map<String, Double> metrics;
    final int[] truth;
    final int[] predicted;
    final double[][] probabilities;

    private TrainingOutcomes(Map<String, Double> metrics, int[] truth, int[] predicted, double[][] probabilities) {
        this.metrics = metrics;
        this.truth = truth;
        this.predicted = predicted;
        this.probabilities = probabilities;
    }

    boolean classification() {
        return truth != null;
    }

    /** Null when the objective's outputs are not classes or regression values. */
    static TrainingOutcomes of(String objective, float[] labels, float[][] out) {
        if (labels == null || out == null || out.length != labels.length || out.length == 0) return null;
        int n = labels.length;
        if (objective.startsWith("reg:") || objective.equals("count:poisson")) {
            if (out[0].length != 1) return null;
            double[] truth = new double[n], predicted = new double[n];
            for (int i = 0; i < n; i++) {
                truth[i] = labels[i];
                predicted[i] = out[i][0];
            }
            return new TrainingOutcomes(RegressionMetrics.compute(truth, predicted), null, null, null);
        }
        if (!objective.startsWith("binary:") && !objective.startsWith("multi:")) return null;
        int[] truth = new int[n], predicted = new int[n];
        int classes = 2;
        for (int i = 0; i < n; i++) {
            truth[i] = Math.round(labels[i]);
            if (truth[i] < 0 || truth[i] != labels[i]) return null;
            classes = Math.max(classes, truth[i] + 1);
        }
        double[][] proba = null;
        switch (objective) {
            case "binary:logistic", "binary:logitraw" -> {
                proba = new double[n][];
                for (int i = 0; i < n; i++) {
                    double p = objective.equals("binary:logistic") ? out[i][0] : 1 / (1 + Math.exp(-out[i][0]));
                    proba[i] = new double[] {1 - p, p};
                    predicted[i] = p > 0.5 ? 1 : 0;
                }
            }
            case "binary:hinge" -> {
                for (int i = 0; i < n; i++) predicted[i] = out[i][0] > 0.5 ? 1 : 0;
            }
            case "multi:softprob" -> {
                classes = Math.max(classes, out[0].length);
                proba = new double[n][];
                for (int i = 0; i < n; i++) {
                    proba[i] = new double[out[i].length];
                    int best = 0;
                    for (int c = 0; c < out[i].length; c++) {
                        proba[i][c] = out[i][c];
                        if (out[i][c] > out[i][best]) best = c;
                    }
                    predicted[i] = best;
                }
            }
            case "multi:softmax" -> {
                for (int i = 0; i < n; i++) {
                    predicted[i] = Math.round(out[i][0]);
                    classes = Math.max(classes, predicted[i] + 1);
                }
            }
            default -> {
                return null;
            }
        }
        return new TrainingOutcomes(ClassificationMetrics.compute(truth, predicted, proba, classes), truth, predicted,
                proba);
    }
}
