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
 * {@code Booster.get_score} returns) and {@code feature_importance_<type>.svg} (horizontal bars, the largest on top,
 * titled "Feature Importance (<type>)"; only when plots are logged). MLflow's plot is a PNG of the same base name.
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
        String text = io.jmlflow.MlflowConfig.get(XGBOOST_TYPES_KEY, "weight");
        int start = 0;
        for (int i = 0; i <= text.length(); i++) { // split at commas, semicolons and blanks (no regex: run in every fit)
            if (i < text.length() && ",; \t".indexOf(text.charAt(i)) < 0) continue;
            String type = text.substring(start, i).toLowerCase(java.util.Locale.ROOT);
            if (XGBOOST_TYPES.contains(type) && !types.contains(type)) types.add(type);
            start = i + 1;
        }
        return types;
    }

    /** The JSON file's name for {@code type}, e.g. {@code feature_importance_weight.json}. */
    public static String jsonName(String type) {
        return "feature_importance_" + type + ".json";
    }

    /** The plot's file name for {@code type}, e.g. {@code feature_importance_weight.svg}. */
    public static String plotName(String type) {
        return "feature_importance_" + type + ".svg";
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

    private static final Comparator<Map.Entry<String, Double>> LARGEST_FIRST = new Comparator<Map.Entry<String, Double>>() {
        @Override
        public int compare(Map.Entry<String, Double> x, Map.Entry<String, Double> y) {
            return y.getValue().compareTo(x.getValue());
        }
    };

    /** The plot's SVG (at most {@value #MAX_PLOTTED} features). */
    public static byte[] plot(String type, Map<String, Double> scores) {
        // loops and a comparator class, not lambdas: this runs once per process, where linking each costs a millisecond
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(scores.size());
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (e.getValue() != null && Double.isFinite(e.getValue())) sorted.add(e);
        }
        sorted.sort(LARGEST_FIRST);
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
        return bars("Feature Importance (" + type + ")", names, values, "Importance");
    }

    /**
     * Horizontal bars, one per name from the bottom up, as matplotlib's {@code barh} draws MLflow's feature importance
     * plots: as wide as the classifier plots, and 10 layout units higher per bar beyond ten.
     */
    static byte[] bars(String title, String[] names, double[] values, String xLabel) {
        int n = names.length;
        int height = ClassifierPlots.LAYOUT_HEIGHT + Math.max(0, n - 10) * 10; // in layout units, as everything drawn
        int pixels = Math.max(ClassifierPlots.HEIGHT, (int) (height * ClassifierPlots.SCALE));
        SvgCanvas g = new SvgCanvas(ClassifierPlots.WIDTH, pixels, ClassifierPlots.SCALE);
        g.title(title);
        double font = 11, labelWidth = 0;
        for (String name : names) labelWidth = Math.max(labelWidth, SvgCanvas.textWidth(SvgCanvas.shorten(name, 40), font));
        int left = (int) Math.min(ClassifierPlots.LAYOUT_WIDTH / 3, 16 + labelWidth);
        int right = ClassifierPlots.LAYOUT_WIDTH - 24, top = 44, bottom = height - 52;
        double max = 0;
        for (double v : values) if (v > max && Double.isFinite(v)) max = v;
        double scale = max > 0 ? (right - left) / max : 0;
        double slot = (bottom - top) / (double) Math.max(1, n);
        for (int i = 0; i < 5; i++) {
            double v = max * i / 4.0;
            long x = left + Math.round(v * scale);
            g.line(x, top, x, bottom, SvgCanvas.GRID, 1);
            g.line(x, bottom, x, bottom + 4, SvgCanvas.AXES, 1);
            g.text(SvgCanvas.fixed(v, max >= 100 ? 0 : 2), x, bottom + 17, font, SvgCanvas.MIDDLE, SvgCanvas.AXES);
        }
        double barHeight = Math.max(1, Math.round(slot * 0.5));
        for (int i = 0; i < n; i++) {
            // bottom-up: bar i at the i-th slot from the bottom, as barh places index i at y = i
            double centre = Math.round(bottom - slot * (i + 0.5));
            double v = Double.isFinite(values[i]) ? Math.max(0, values[i]) : 0;
            g.rect(left, Math.round(centre - barHeight / 2), Math.round(v * scale), barHeight, SvgCanvas.PALETTE[0]);
            g.line(left - 4, centre, left, centre, SvgCanvas.AXES, 1);
            g.text(SvgCanvas.fit(SvgCanvas.shorten(names[i], 40), left - 12, font), left - 7, centre + 4, font,
                    SvgCanvas.END, SvgCanvas.AXES);
        }
        g.frame(left, top, right - left, bottom - top, SvgCanvas.AXES);
        g.text(xLabel, (left + right) / 2.0, height - 14, 13, SvgCanvas.MIDDLE, SvgCanvas.BLACK);
        return g.toBytes();
    }

    /**
     * Logs the JSON and, when plots are logged, the SVG plot of {@code type}'s {@code scores} to {@code run}. Never throws:
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
            if (AutologState.options().logPlots()) run.logArtifact(plotName(type), plot(type, scores));
        } catch (Throwable t) {
            Log.warnOnce("feature-importance-plot", "could not draw the feature importance plot (" + type + "): " + t);
        }
    }
}
