package io.jmlflow.integrations.smile;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of a trained Smile model. Smile's own {@code ClassificationMetrics} / {@code RegressionMetrics} objects
 * (public fields in 3.x, record accessors in 6.x) are read by name; training metrics are computed by Smile's
 * {@code ClassificationMetrics.of} / {@code RegressionMetrics.of} over the model's predictions for at most
 * {@link #TRAINING_SAMPLE} evenly spread training rows, so their cost is bounded whatever the data size.
 */
final class SmileMetrics {
    /** Training metrics use at most this many rows (one prediction pass over them). */
    static final int TRAINING_SAMPLE = 10_000;
    static final String CLASSIFICATION_METRICS = "smile.validation.ClassificationMetrics";
    static final String REGRESSION_METRICS = "smile.validation.RegressionMetrics";

    private SmileMetrics() {
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

    /**
     * Training metrics of a classifier or regressor over {@code sample} rows of its training data, prefixed
     * {@code training_}; empty when the model or the data is of a kind this does not score.
     */
    static Map<String, Double> training(Object model, TrainingData data, int[] sample) throws Exception {
        boolean classifier = Reflect.isA(model, "smile.classification.Classifier");
        boolean regressor = !classifier && Reflect.isA(model, "smile.regression.Regression");
        if (!classifier && !regressor || sample.length == 0) return Map.of();
        ClassLoader loader = model.getClass().getClassLoader();
        Object[] rows = new Object[sample.length];
        Object truthAll;
        if (data.isFrame()) {
            Class<?> frameType = Reflect.type(loader, "smile.data.DataFrame");
            Object y = Reflect.call(data.formula, "y", new Class<?>[] {frameType}, data.frame);
            truthAll = Reflect.call(y, classifier ? "toIntArray" : "toDoubleArray", new Class<?>[0]);
            for (int i = 0; i < sample.length; i++) {
                rows[i] = Reflect.call(data.frame, "get", new Class<?>[] {int.class}, sample[i]);
            }
        } else if (data.rows != null && data.labels != null) {
            truthAll = data.labels;
            for (int i = 0; i < sample.length; i++) rows[i] = data.rows[sample[i]];
        } else {
            return Map.of();
        }
        Object metrics = classifier ? classification(model, loader, rows, truthAll, sample)
                : regression(model, loader, rows, truthAll, sample);
        return read(metrics, "training_");
    }

    private static Object classification(Object model, ClassLoader loader, Object[] rows, Object truthAll,
                                         int[] sample) throws Exception {
        if (!(truthAll instanceof int[])) return null;
        int[] truth = new int[sample.length];
        for (int i = 0; i < sample.length; i++) truth[i] = ((int[]) truthAll)[sample[i]];
        Object soft = Reflect.read(model, "isSoft", "soft");
        int k = (int) Reflect.number(model, "numClasses");
        int[] prediction = new int[rows.length];
        long start = System.nanoTime();
        if (Boolean.TRUE.equals(soft) && k > 1) {
            Method predict = Reflect.publicMethod(model.getClass(), "predict", Object.class, double[].class);
            double[][] posteriori = new double[rows.length][k];
            for (int i = 0; i < rows.length; i++) {
                prediction[i] = (Integer) predict.invoke(model, rows[i], posteriori[i]);
            }
            double scoreTime = (System.nanoTime() - start) / 1e6;
            Class<?> metrics = Class.forName(CLASSIFICATION_METRICS, false, loader);
            if (k == 2) {
                // 6.x scores binary problems (AUC, log loss) through binary(..., probability of class 1)
                try {
                    Method binary = metrics.getMethod("binary", double.class, double.class, int[].class, int[].class,
                            double[].class);
                    double[] p1 = new double[rows.length];
                    for (int i = 0; i < rows.length; i++) p1[i] = posteriori[i][1];
                    return binary.invoke(null, 0.0, scoreTime, truth, prediction, p1);
                } catch (NoSuchMethodException e3x) {
                    // 3.x: of(..., posteriori) computes them for two classes
                }
            }
            return metrics.getMethod("of", double.class, double.class, int[].class, int[].class, double[][].class)
                    .invoke(null, 0.0, scoreTime, truth, prediction, posteriori);
        }
        Method predict = Reflect.publicMethod(model.getClass(), "predict", Object.class);
        for (int i = 0; i < rows.length; i++) prediction[i] = (Integer) predict.invoke(model, rows[i]);
        double scoreTime = (System.nanoTime() - start) / 1e6;
        return Reflect.callStatic(loader, CLASSIFICATION_METRICS, "of",
                new Class<?>[] {double.class, double.class, int[].class, int[].class},
                0.0, scoreTime, truth, prediction);
    }

    private static Object regression(Object model, ClassLoader loader, Object[] rows, Object truthAll, int[] sample)
            throws Exception {
        if (!(truthAll instanceof double[])) return null;
        double[] truth = new double[sample.length];
        for (int i = 0; i < sample.length; i++) truth[i] = ((double[]) truthAll)[sample[i]];
        Method predict = Reflect.publicMethod(model.getClass(), "predict", Object.class);
        double[] prediction = new double[rows.length];
        long start = System.nanoTime();
        for (int i = 0; i < rows.length; i++) prediction[i] = (Double) predict.invoke(model, rows[i]);
        double scoreTime = (System.nanoTime() - start) / 1e6;
        return Reflect.callStatic(loader, REGRESSION_METRICS, "of",
                new Class<?>[] {double.class, double.class, double[].class, double[].class},
                0.0, scoreTime, truth, prediction);
    }

    private static void put(Map<String, Double> out, String key, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) out.put(key, value);
    }
}
