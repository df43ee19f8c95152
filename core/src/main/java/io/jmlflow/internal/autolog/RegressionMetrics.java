package io.jmlflow.internal.autolog;

import io.jmlflow.internal.Log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MLflow's (sklearn autolog) regressor metrics, unprefixed keys: mean_squared_error, root_mean_squared_error,
 * mean_absolute_error, r2_score, score (= r2). Values equal scikit-learn's; r2 of a constant truth is 1.0 when
 * the predictions are exact and 0.0 otherwise (scikit-learn's {@code force_finite=True}).
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /** The metrics; bad input (null, empty, different lengths) gives an empty map and a warning, never an exception. */
    public static Map<String, Double> compute(double[] truth, double[] predicted) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (truth == null || predicted == null || truth.length != predicted.length || truth.length == 0) {
            Log.warnOnce("kit-regression-input", "regression metrics skipped: truth and predictions must be non-empty "
                    + "and of the same length");
            return out;
        }
        int n = truth.length;
        double mean = 0;
        for (double t : truth) mean += t;
        mean /= n;
        double squared = 0, absolute = 0, total = 0;
        for (int i = 0; i < n; i++) {
            double e = truth[i] - predicted[i];
            squared += e * e;
            absolute += Math.abs(e);
            double d = truth[i] - mean;
            total += d * d;
        }
        double mse = squared / n;
        double r2 = total == 0 ? (squared == 0 ? 1.0 : 0.0) : 1 - squared / total;
        out.put("mean_squared_error", mse);
        out.put("root_mean_squared_error", Math.sqrt(mse));
        out.put("mean_absolute_error", absolute / n);
        out.put("r2_score", r2);
        out.put("score", r2);
        return out;
    }

    /**
     * Several outputs: {@code truth[d]} and {@code predicted[d]} are output {@code d}'s values; each metric is the mean
     * over the outputs (scikit-learn's {@code multioutput="uniform_average"}). No outputs give an empty map.
     */
    public static Map<String, Double> computeAveraged(double[][] truth, double[][] predicted) {
        Map<String, Double> sum = new LinkedHashMap<>();
        if (truth == null || predicted == null || truth.length == 0) return sum;
        for (int d = 0; d < truth.length; d++) {
            compute(truth[d], d < predicted.length ? predicted[d] : null).forEach((k, v) -> sum.merge(k, v, Double::sum));
        }
        sum.replaceAll((k, v) -> v / truth.length);
        return sum;
    }
}
