package io.jmlflow.integrations.smile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics Smile computed: its {@code ClassificationMetrics} / {@code RegressionMetrics} objects (public fields in
 * 3.x, record accessors in 6.x) read by name, e.g. a forest's out-of-bag metrics or a validation's. Training metrics
 * with MLflow's names are {@link Scoring}'s.
 */
final class SmileMetrics {
    /**
     * Training metrics score the whole training set, as scikit-learn's do, up to this many rows (beyond it, this
     * many drawn with a fixed seed: one prediction pass over them).
     */
    static final int TRAINING_SAMPLE = 100_000;
    /**
     * For tree ensembles (every prediction walks every tree): the whole set up to this many tree evaluations, about
     * 1% of what training the ensemble cost (measured on the process benchmark's 20,000-row forest, where scoring all
     * 20,000 rows was a third of the agent's cost) ...
     */
    static final long TREE_EVALUATIONS = 100_000;
    /** ... and at least this many rows (when the data has them): smaller sets are scored whole, as scikit-learn does. */
    static final int MIN_TRAINING_SAMPLE = 2_000;
    static final String CLASSIFICATION_METRICS = "smile.validation.ClassificationMetrics";
    static final String REGRESSION_METRICS = "smile.validation.RegressionMetrics";

    private SmileMetrics() {
    }

    /**
     * How many training rows the training metrics of {@code model} use at most: {@link #TRAINING_SAMPLE}, and for
     * tree ensembles {@link #TREE_EVALUATIONS} / trees, at least {@link #MIN_TRAINING_SAMPLE} (4,000 rows for 25
     * trees, 2,000 for 50 or more). Param {@code training_metrics_rows} says how many were used
     * when that is fewer than the training set. The bound keeps the post-training pass within the agent's cost
     * targets (the process benchmark's 20,000-row forest).
     */
    static int trainingRows(Object model) {
        double trees = ensembleSize(model);
        if (Double.isNaN(trees) || trees < 1) return TRAINING_SAMPLE;
        return (int) Math.max(MIN_TRAINING_SAMPLE, Math.min(TRAINING_SAMPLE, TREE_EVALUATIONS / trees));
    }

    /** The number of trees of a tree ensemble ({@code trees()}: an array, or one array per class), else NaN. */
    static double ensembleSize(Object model) {
        if (model == null || Reflect.publicMethod(model.getClass(), "trees") == null) return Double.NaN;
        Object trees = Reflect.read(model, "trees");
        if (!(trees instanceof Object[])) return Double.NaN;
        int n = 0;
        for (Object t : (Object[]) trees) n += t instanceof Object[] ? ((Object[]) t).length : 1;
        return n;
    }

    static boolean isMetrics(Object o) {
        return Reflect.isA(o, CLASSIFICATION_METRICS) || Reflect.isA(o, REGRESSION_METRICS);
    }

    /**
     * A Smile metrics object as MLflow metrics named {@code prefix + name}: accuracy, error_rate (Smile's error
     * count over the rows scored), sensitivity, specificity, precision, f1, mcc, auc, logloss, cross_entropy for
     * classification; rmse, mse, mae, r2, rss for regression. Values Smile leaves undefined (NaN) are skipped.
     */
    static Map<String, Double> read(Object metrics, String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (Reflect.isA(metrics, CLASSIFICATION_METRICS)) {
            put(out, prefix + "accuracy", Reflect.number(metrics, "accuracy"));
            double size = Reflect.number(metrics, "size");
            double error = Reflect.number(metrics, "error");
            if (size > 0) put(out, prefix + "error_rate", error / size);
            for (String m : new String[] {"sensitivity", "specificity", "precision", "f1", "mcc", "auc", "logloss"}) {
                put(out, prefix + m, Reflect.number(metrics, m));
            }
            put(out, prefix + "cross_entropy", Reflect.number(metrics, "crossEntropy", "crossentropy"));
        } else if (Reflect.isA(metrics, REGRESSION_METRICS)) {
            put(out, prefix + "rmse", Reflect.number(metrics, "rmse"));
            put(out, prefix + "mse", Reflect.number(metrics, "mse"));
            put(out, prefix + "mae", Reflect.number(metrics, "mad"));
            put(out, prefix + "r2", Reflect.number(metrics, "r2"));
            put(out, prefix + "rss", Reflect.number(metrics, "rss"));
        }
        return out;
    }

    /** The one metric a per-tree history follows: accuracy for classification, RMSE for regression. */
    static String headline(Object metrics) {
        return Reflect.isA(metrics, CLASSIFICATION_METRICS) ? "accuracy" : "rmse";
    }

    /** Out-of-bag metrics Smile computed while training (random forests' {@code metrics()}), or null. */
    static Object outOfBag(Object model) {
        if (Reflect.publicMethod(model.getClass(), "metrics") == null) return null;
        Object m = Reflect.read(model, "metrics");
        return isMetrics(m) ? m : null;
    }

    /** Distortion and number of clusters of a clustering (3.x fields, 6.x methods). */
    static Map<String, Double> clustering(Object model) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!model.getClass().getName().startsWith("smile.clustering.")) return out;
        put(out, "distortion", Reflect.number(model, "distortion"));
        put(out, "num_clusters", Reflect.number(model, "k"));
        return out;
    }

    private static void put(Map<String, Double> out, String key, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) out.put(key, value);
    }
}
