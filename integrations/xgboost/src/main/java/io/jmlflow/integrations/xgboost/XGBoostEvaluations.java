package io.jmlflow.integrations.xgboost;

import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.EvalMetricNames;
import io.jmlflow.internal.autolog.ModelMetrics;
import io.jmlflow.internal.autolog.PostTrainingWork;

import java.util.Map;

/**
 * A user's evaluation of a booster autologging logged, after training: {@code booster.evalSet(matrices, names, ...)}
 * gives XGBoost's metrics for each matrix, logged as {@code eval_<metric>} (the first dataset of the run; others
 * {@code eval_<name>_<metric>}, {@link EvalMetricNames}) to the booster's run and its logged model, after the
 * training's own post-training work.
 */
final class XGBoostEvaluations {
    private XGBoostEvaluations() {
    }

    static void evaluated(Object booster, Object[] matrices, String[] names, String result) {
        XGBoostLoggedModels.Entry entry = XGBoostLoggedModels.find(booster);
        if (entry == null || names == null || !AutologState.options().logPostTrainingMetrics()) return;
        Map<String, Double> values = EvalResults.parse(result);
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) continue;
            String prefix = null;
            for (Map.Entry<String, Double> v : values.entrySet()) {
                String metric = EvalResults.metricOf(v.getKey(), names[i]);
                if (metric == null) continue;
                if (prefix == null) {
                    prefix = EvalMetricNames.prefix(entry.runId(), matrices != null && i < matrices.length
                            ? matrices[i] : null, names[i]);
                }
                metrics.put(prefix + metric, v.getValue());
            }
        }
        if (metrics.isEmpty()) return;
        PostTrainingWork.submit(null, "XGBoost evaluation logged to run " + entry.runId(), () -> log(entry, metrics));
    }

    private static void log(XGBoostLoggedModels.Entry entry, Map<String, Double> metrics) {
        ModelMetrics.log(entry.runId(), entry.modelId, metrics, 0, null);
    }
}
