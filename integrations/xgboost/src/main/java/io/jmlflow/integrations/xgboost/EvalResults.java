package io.jmlflow.integrations.xgboost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a booster's {@code evalSet} returns, read as MLflow names it: {@code "[3]\ttrain-logloss:0.24\tvalidation-auc:0.9"}
 * (built-in metrics; a custom evaluation's text has no round) becomes {@code train-logloss -> 0.24,
 * validation-auc -> 0.9}. An {@code @} in a metric name ({@code ndcg@3}) becomes {@code _at_}, as MLflow's XGBoost
 * autologging renames it; values that are not numbers ({@code nan}) are kept as NaN. No lambdas: this runs on the
 * training thread every round.
 */
final class EvalResults {
    private EvalResults() {
    }

    /** {@code <watch>-<metric>} to value, in the order XGBoost printed them. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (text == null) return out;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf('\t', start);
            if (end < 0) end = n;
            if (end > start) entry(text.substring(start, end).trim(), out);
            start = end + 1;
        }
        return out;
    }

    private static void entry(String token, Map<String, Double> out) {
        if (token.isEmpty() || token.charAt(0) == '[') return;
        int colon = token.lastIndexOf(':');
        if (colon <= 0 || colon == token.length() - 1) return;
        String key = token.substring(0, colon).trim().replace("@", "_at_");
        String value = token.substring(colon + 1).trim();
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        out.put(key, v);
    }

    /** The metric part of {@code <watch>-<metric>} for the watch named {@code watch}, or null for another watch. */
    static String metricOf(String key, String watch) {
        return key.startsWith(watch + "-") ? key.substring(watch.length() + 1) : null;
    }
}
