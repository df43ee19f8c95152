package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.PythonFloats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's feature importances as MLflow's xgboost autolog logs them, for each importance type (XGBoost's
 * {@code weight}, {@code gain}, {@code cover}, ...): {@code feature_importance_<type>.json}, a JSON object of feature
 * name to importance (most important first), and {@code feature_importance_<type>.png}, a horizontal bar chart of
 * the {@value #MAX_BARS} most important features. Never throws.
 *
 * <pre>{@code
 * FeatureImportance.logTo(run, "weight", Map.of("petal_length", 41.0, "sepal_width", 12.0));
 * }</pre>
 */
public final class FeatureImportance {
    /** Bars drawn at most (the JSON has every feature). */
    static final int MAX_BARS = 20;

    private FeatureImportance() {
    }

    /** Logs the two artifacts into {@code run} (the chart only when {@code autolog.log.plots} is on). */
    public static void logTo(ActiveRun run, String importanceType, Map<String, Double> importance) {
        if (run == null || importance == null || importance.isEmpty()) return;
        try {
            List<Map.Entry<String, Double>> sorted = sorted(importance);
            String type = importanceType == null || importanceType.isBlank() ? "weight" : importanceType;
            run.logArtifact("feature_importance_" + type + ".json", json(sorted).getBytes(StandardCharsets.UTF_8));
            if (!AutologState.options().logPlots()) return;
            int n = Math.min(MAX_BARS, sorted.size());
            String[] names = new String[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                names[i] = sorted.get(i).getKey();
                values[i] = sorted.get(i).getValue();
            }
            byte[] png = ClassifierPlots.Painter.featureImportancePng(names, values, type);
            run.logArtifact("feature_importance_" + type + ".png", png);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) throw vme;
            Log.warnOnce("feature-importance", "could not log the feature importances of run " + run.runId() + ": " + t);
        }
    }

    /** Most important first; features with equal importance in their given order. */
    static List<Map.Entry<String, Double>> sorted(Map<String, Double> importance) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : importance.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) out.add(Map.entry(e.getKey(), e.getValue()));
        }
        out.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        return out;
    }

    /** As Python's {@code json.dumps} of a dict of floats. */
    static String json(List<Map.Entry<String, Double>> entries) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(TrainingDataset.Json.quote(entries.get(i).getKey())).append(": ");
            double v = entries.get(i).getValue();
            if (Double.isNaN(v)) b.append("NaN");
            else if (Double.isInfinite(v)) b.append(v > 0 ? "Infinity" : "-Infinity");
            else PythonFloats.append(b, v);
        }
        return b.append('}').toString();
    }
}
