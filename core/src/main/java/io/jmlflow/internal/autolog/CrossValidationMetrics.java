package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.Log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cross-validation (or bootstrap) of one setting, as it is: a single run where each fold's held-out metrics are
 * a metric history ({@code <prefix><metric>}, step = fold, from 1), with their mean and standard deviation over the
 * folds ({@code <prefix>mean_<metric>}, {@code <prefix>std_<metric>}, the population standard deviation as
 * scikit-learn's {@code std_test_score}). Folds are not candidates of a search: no child runs, no {@code best_*}
 * ({@link TuningRuns} is for several settings). Never throws.
 *
 * <pre>{@code
 * CrossValidationMetrics.log(run, "cv_", List.of(Map.of("accuracy_score", 0.93), Map.of("accuracy_score", 0.95)));
 * // cv_accuracy_score at steps 1 and 2, cv_mean_accuracy_score 0.94, cv_std_accuracy_score 0.01
 * }</pre>
 */
public final class CrossValidationMetrics {
    private CrossValidationMetrics() {
    }

    /**
     * Logs the folds' metrics (in fold order; a fold may lack a metric, and non-finite values are left out of the
     * summary) into {@code run}; returns the summary ({@code <prefix>mean_*} and {@code <prefix>std_*}).
     */
    public static Map<String, Double> log(ActiveRun run, String prefix, List<Map<String, Double>> folds) {
        if (run == null || folds == null || folds.isEmpty()) return Map.of();
        try {
            long now = System.currentTimeMillis();
            Map<String, List<Double>> byMetric = new LinkedHashMap<>();
            for (int i = 0; i < folds.size(); i++) {
                Map<String, Double> fold = folds.get(i);
                if (fold == null) continue;
                for (Map.Entry<String, Double> e : fold.entrySet()) {
                    Double v = e.getValue();
                    if (v == null) continue;
                    run.logMetric(prefix + e.getKey(), v, i + 1, now);
                    if (Double.isFinite(v)) byMetric.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(v);
                }
            }
            Map<String, Double> summary = summary(prefix, byMetric);
            run.logMetrics(summary, 0);
            return summary;
        } catch (RuntimeException e) {
            Log.warn("could not log the folds of the cross-validation in run " + run.runId() + ": " + e);
            return Map.of();
        }
    }

    static Map<String, Double> summary(String prefix, Map<String, List<Double>> byMetric) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : byMetric.entrySet()) {
            out.put(prefix + "mean_" + e.getKey(), mean(e.getValue()));
        }
        for (Map.Entry<String, List<Double>> e : byMetric.entrySet()) {
            out.put(prefix + "std_" + e.getKey(), std(e.getValue()));
        }
        return out;
    }

    public static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) sum += v;
        return values.isEmpty() ? Double.NaN : sum / values.size();
    }

    /** The population standard deviation (numpy's {@code std}, scikit-learn's {@code std_test_score}). */
    public static double std(List<Double> values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) sum += (v - m) * (v - m);
        return values.isEmpty() ? Double.NaN : Math.sqrt(sum / values.size());
    }
}
