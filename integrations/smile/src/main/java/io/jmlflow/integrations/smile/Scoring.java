package io.jmlflow.integrations.smile;

import io.jmlflow.internal.autolog.ClassificationMetrics;
import io.jmlflow.internal.autolog.RegressionMetrics;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classifier's or regressor's predictions for some rows next to the truth, scored with MLflow's metric names
 * ({@link ClassificationMetrics}: accuracy_score, weighted precision/recall/F1, log_loss and roc_auc where the model
 * gives probabilities; {@link RegressionMetrics}: mean_squared_error, root_mean_squared_error, mean_absolute_error,
 * r2_score). Smile's class labels (any ints, {@code classes()}) are mapped to their index, which is also the column
 * of Smile's posteriori probabilities; rows whose label the model does not know are left out.
 */
final class Scoring {
    final boolean classifier;
    /** Classifiers: label indexes; null for regressors. */
    final int[] truth;
    final int[] predicted;
    final double[][] probabilities;
    final String[] labels;
    /** Regressors; null for classifiers. */
    final double[] truthValues;
    final double[] predictedValues;

    private Scoring(int[] truth, int[] predicted, double[][] probabilities, String[] labels) {
        this.classifier = true;
        this.truth = truth;
        this.predicted = predicted;
        this.probabilities = probabilities;
        this.labels = labels;
        this.truthValues = null;
        this.predictedValues = null;
    }

    private Scoring(double[] truth, double[] predicted) {
        this.classifier = false;
        this.truth = null;
        this.predicted = null;
        this.probabilities = null;
        this.labels = null;
        this.truthValues = truth;
        this.predictedValues = predicted;
    }

    static boolean isClassifier(Object model) {
        return Reflect.isA(model, "smile.classification.Classifier");
    }

    static boolean isRegressor(Object model) {
        return !isClassifier(model) && Reflect.isA(model, "smile.regression.Regression");
    }

    /**
     * Predicts the {@code sample} rows of {@code data} (its row indexes) with {@code model}; null when the model or
     * the data is of a kind this does not score.
     */
    static Scoring predict(Object model, SmileTrainingData data, int[] sample) throws Exception {
        boolean classifier = isClassifier(model);
        if (!classifier && !isRegressor(model) || sample.length == 0) return null;
        Object[] rows = new Object[sample.length];
        Object truthAll;
        if (data.isFrame()) {
            Class<?> frameType = Reflect.type(model.getClass().getClassLoader(), "smile.data.DataFrame");
            Object y = Reflect.call(data.formula, "y", new Class<?>[] {frameType}, data.frame);
            truthAll = Reflect.call(y, classifier ? "toIntArray" : "toDoubleArray", new Class<?>[0]);
            Method get = Reflect.publicMethod(data.frame.getClass(), "get", int.class);
            for (int i = 0; i < sample.length; i++) rows[i] = get.invoke(data.frame, sample[i]);
        } else if (data.rows != null && data.labels != null) {
            truthAll = data.labels;
            for (int i = 0; i < sample.length; i++) rows[i] = data.rows[sample[i]];
        } else {
            return null;
        }
        if (classifier) {
            if (!(truthAll instanceof int[])) return null;
            int[] truth = new int[sample.length];
            for (int i = 0; i < sample.length; i++) truth[i] = ((int[]) truthAll)[sample[i]];
            return classify(model, rows, truth);
        }
        if (!(truthAll instanceof double[])) return null;
        double[] truth = new double[sample.length];
        for (int i = 0; i < sample.length; i++) truth[i] = ((double[]) truthAll)[sample[i]];
        Method predict = Reflect.publicMethod(model.getClass(), "predict", Object.class);
        double[] prediction = new double[rows.length];
        each(rows.length, i -> prediction[i] = (Double) predict.invoke(model, rows[i]));
        return new Scoring(truth, prediction);
    }

    /** One row's prediction. */
    private interface RowPrediction {
        void predict(int row) throws Exception;
    }

    /**
     * Predicts every row, one by one on the calling (post-training) thread: not on the common fork-join pool, where
     * the program's own parallel work (Smile trains and predicts there) would queue behind it; some models keep
     * scratch state while predicting, too.
     */
    private static void each(int n, RowPrediction p) throws Exception {
        for (int i = 0; i < n; i++) p.predict(i);
    }

    /** Classifiers whose {@code predict(x)} is a vote that need not be the argmax of {@code predict(x, posteriori)}. */
    private static final java.util.Set<String> VOTING = java.util.Set.of("smile.classification.RandomForest");

    private static Scoring classify(Object model, Object[] rows, int[] truth) throws Exception {
        int k = (int) Reflect.number(model, "numClasses");
        Object soft = Reflect.read(model, "isSoft", "soft");
        int[] prediction = new int[rows.length];
        double[][] posteriori = null;
        if (Boolean.TRUE.equals(soft) && k > 1) {
            Method predict = Reflect.publicMethod(model.getClass(), "predict", Object.class, double[].class);
            double[][] post = new double[rows.length][k];
            posteriori = post;
            each(rows.length, i -> prediction[i] = (Integer) predict.invoke(model, rows[i], post[i]));
            if (VOTING.contains(model.getClass().getName())) {
                // a forest's label is its trees' weighted vote, which its averaged probabilities may not agree with:
                // the labels are the ones predict(x) gives, as the user sees them (scikit-learn's training_score)
                Method vote = Reflect.publicMethod(model.getClass(), "predict", Object.class);
                each(rows.length, i -> prediction[i] = (Integer) vote.invoke(model, rows[i]));
            }
        } else {
            Method predict = Reflect.publicMethod(model.getClass(), "predict", Object.class);
            each(rows.length, i -> prediction[i] = (Integer) predict.invoke(model, rows[i]));
        }
        return labelled(model, truth, prediction, posteriori);
    }

    /** A classifier's predicted labels (and posteriori, may be null) against true labels, as label indexes. */
    static Scoring labelled(Object model, int[] truth, int[] prediction, double[][] posteriori) {
        Object classes = Reflect.read(model, "classes");
        int[] labels = classes instanceof int[] ? (int[]) classes : null;
        if (labels == null) {
            // no model to ask: the labels seen, in order
            java.util.TreeSet<Integer> seen = new java.util.TreeSet<>();
            for (int v : truth) seen.add(v);
            for (int v : prediction) seen.add(v);
            labels = seen.stream().mapToInt(Integer::intValue).toArray();
        }
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.length; i++) index.put(labels[i], i);
        int n = 0;
        for (int i = 0; i < truth.length; i++) {
            if (index.containsKey(truth[i]) && index.containsKey(prediction[i])) n++;
        }
        int[] t = new int[n];
        int[] p = new int[n];
        double[][] probabilities = posteriori == null ? null : new double[n][];
        int j = 0;
        for (int i = 0; i < truth.length; i++) {
            Integer ti = index.get(truth[i]);
            Integer pi = index.get(prediction[i]);
            if (ti == null || pi == null) continue;
            t[j] = ti;
            p[j] = pi;
            if (probabilities != null) probabilities[j] = posteriori[i];
            j++;
        }
        String[] names = new String[labels.length];
        for (int i = 0; i < labels.length; i++) names[i] = String.valueOf(labels[i]);
        if (probabilities != null && probabilities.length > 0 && probabilities[0].length != labels.length) {
            probabilities = null;
        }
        return new Scoring(t, p, probabilities, names);
    }

    /** A regressor's predictions against the truth. */
    static Scoring values(double[] truth, double[] prediction) {
        return new Scoring(truth, prediction);
    }

    int size() {
        return classifier ? truth.length : truthValues.length;
    }

    /** MLflow's metrics, keys prefixed; empty when there is nothing to score. */
    Map<String, Double> metrics(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (size() == 0) return out;
        Map<String, Double> m = classifier ? ClassificationMetrics.compute(truth, predicted, probabilities, labels.length)
                : RegressionMetrics.compute(truthValues, predictedValues);
        m.forEach((k, v) -> {
            if (v != null && !v.isNaN() && !v.isInfinite()) out.put(prefix + k, v);
        });
        return out;
    }
}
