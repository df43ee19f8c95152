package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.ActiveRun;
import org.tribuo.Model;
import org.tribuo.Prediction;

import java.util.List;
import java.util.Map;

/**
 * Truth and predictions of one pass over data, extracted on the caller's thread into plain arrays so that the
 * metrics and plots can be computed later on the post-training thread. Classification and regression give
 * MLflow's metric names (core's {@code ClassificationMetrics} / {@code RegressionMetrics}); other outputs
 * (clustering, anomaly detection, multi-label) have none and are not handled here.
 */
interface Outcomes {

    /** MLflow's metrics without prefix ({@code accuracy_score}, ..., {@code score}). */
    Map<String, Double> metrics();

    /** Logs the classifier plots (nothing for other models). */
    void logPlots(ActiveRun run, String prefix);

    /** The outcomes of {@code predictions}, or null when their outputs are neither labels nor regressors. */
    static Outcomes of(Model<?> model, List<? extends Prediction<?>> predictions) {
        if (predictions.isEmpty()) return null;
        switch (predictions.get(0).getOutput().getClass().getName()) {
            case "org.tribuo.classification.Label":
                return LabelOutcomes.of(model, predictions);
            case "org.tribuo.regression.Regressor":
                return RegressionOutcomes.of(predictions);
            default:
                return null;
        }
    }
}
