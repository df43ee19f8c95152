package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.PythonFloats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A model's feature importances as MLflow's XGBoost autologging logs them, one pair of artifacts per importance type:
 * {@code feature_importance_<type>.json} (the scores by feature name, as Python's {@code json.dump} writes the dict
 * {@code Booster.get_score} returns) and {@code feature_importance_<type>.png} (horizontal bars, the largest on top,
 * titled "Feature Importance (<type>)"; only when plots are logged).
 */
public final class FeatureImportances {
    /** The plot shows at most this many features (the most important ones); the JSON has them all. */
    static final int MAX_PLOTTED = 50;
    /**
     * XGBoost's importance types to log, for boosters trained directly and inside other libraries (Tribuo):
     * comma-, semicolon- or space-separated among {@link #XGBOOST_TYPES}; default {@code weight}, as MLflow's
     * {@code mlflow.xgboost.autolog(importance_types=None)}.
     */
    public static final String XGBOOST_TYPES_KEY = "autolog.xgboost.importance.types";
    public static final List<String> XGBOOST_TYPES = List.of("weight", "gain", "cover", "total_gain", "total_cover");

    private FeatureImportances() {
    }

    /** The XGBoost importance types the configuration asks for ({@link #XGBOOST_TYPES_KEY}), in its order. */
    public static List<String> xgboostTypes() {
        List<String> types = new ArrayList<>();
        for (String t : io.jmlflow.MlflowConfig.get(XGBOOST_TYPES_KEY, "weight").split("[,; ]+")) {
            String type = t.trim().toLowerCase(java.util.Locale.ROOT);
            if (XGBOOST_TYPES.contains(type) && !types.contains(type)) types.add(type);
        }
        return types;
    }

    /** The JSON file's name for {@code type}, e.g. {@code feature_importance_weight.json}. */
    public static String jsonName(String type) {
        return "feature_importance_" + type + ".json";
    }

    /** The plot's file name for {@code type}, e.g. {@code feature_importance_weight.png}. */
    public static String pngName(String type) {
        return "feature_importance_" + type + ".png";
    }

    /** {@code {"f0": 6.0, "f2": 1.5}}: Python's {@code json.dumps} of the scores, in the map's order. */
    public static String json(Map<String, Double> scores) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (b.length() > 1) b.append(", ");
            b.append(TrainingDataset.Json.quote(e.getKey())).append(": ");
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (Double.isNaN(v)) b.append("NaN");
            else if (Double.isInfinite(v)) b.append(v > 0 ? "Infinity" : "-Infinity");
            else PythonFloats.append(b, v);
        }
        return b.append('}').toString();
    }

    /** The plot's PNG (at most {@value #MAX_PLOTTED} features); throws when it cannot be drawn. */
    public static byte[] png(String type, Map<String, Double> scores) throws java.io.IOException {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(scores.entrySet());
        sorted.removeIf(e -> e.getValue() == null || !Double.isFinite(e.getValue()));
        sorted.sort(Map.Entry.comparingByValue(Comparator.reverseOrder()));
        if (sorted.size() > MAX_PLOTTED) sorted = sorted.subList(0, MAX_PLOTTED);
        int n = sorted.size();
        String[] names = new String[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            // ascending, as matplotlib's barh after argsort: the largest is drawn last, at the top
            Map.Entry<String, Double> e = sorted.get(n - 1 - i);
            names[i] = e.getKey();
            values[i] = e.getValue();
        }
        return ClassifierPlots.Painter.barsPng("Feature Importance (" + type + ")", names, values, "Importance");
    }

    /**
     * Logs the JSON and, when plots are logged, the PNG of {@code type}'s {@code scores} to {@code run}. Never throws:
     * what cannot be logged is one warning.
     */
    public static void logTo(ActiveRun run, String type, Map<String, Double> scores) {
        if (run == null || scores == null) return;
        try {
            run.logArtifact(jsonName(type), json(scores).getBytes(StandardCharsets.UTF_8));
        } catch (Throwable t) {
            Log.warnOnce("feature-importance-json", "could not log the feature importances (" + type + "): " + t);
        }
        if (scores.isEmpty()) return;
        try {
            if (AutologState.options().logPlots()) run.logArtifact(pngName(type), png(type, scores));
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof OutOfMemoryError)) throw vme;
            Log.warnOnce("feature-importance-png", "could not draw the feature importance plot (" + type + "): " + t);
        }
    }
}
