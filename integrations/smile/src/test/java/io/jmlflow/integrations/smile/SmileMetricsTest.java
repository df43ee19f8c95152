package io.jmlflow.integrations.smile;

import org.junit.jupiter.api.Test;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.clustering.KMeans;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.RegressionTree;
import smile.validation.ClassificationMetrics;
import smile.validation.RegressionMetrics;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Smile's own metrics read by name, and MLflow's training metrics ({@link Scoring}) next to Smile's. */
class SmileMetricsTest {
    private final Blobs blobs = new Blobs(300, 3, 3, 11);
    private final Formula formula = Formula.lhs("label");

    @Test
    void randomForestOutOfBagMetricsAreReadFromTheModel() {
        Properties p = new Properties();
        p.setProperty("smile.random_forest.trees", "20");
        RandomForest rf = RandomForest.fit(formula, blobs.frame(), p);
        Object oob = SmileMetrics.outOfBag(rf);
        assertSame(rf.metrics(), oob);
        Map<String, Double> m = SmileMetrics.read(oob, "oob_");
        assertEquals(rf.metrics().accuracy, m.get("oob_accuracy"));
        assertEquals((double) rf.metrics().error / rf.metrics().size, m.get("oob_error_rate"), 1e-12);
        assertFalse(m.containsKey("oob_auc"), "three classes: Smile leaves AUC undefined: " + m);
        assertEquals("accuracy", SmileMetrics.headline(oob));
    }

    @Test
    void trainingMetricsOverAllRowsEqualSmilesOwn() throws Exception {
        DataFrame df = blobs.frame();
        Properties p = new Properties();
        p.setProperty("smile.gradient_boost.trees", "10");
        GradientTreeBoost gbt = GradientTreeBoost.fit(formula, df, p);
        assertNull(SmileMetrics.outOfBag(gbt));
        SmileTrainingData data = SmileTrainingData.of(new Object[] {formula, df});
        Map<String, Double> m = training(gbt, data, data.sample(SmileMetrics.TRAINING_SAMPLE));
        ClassificationMetrics own = ClassificationMetrics.of(gbt, formula, df);
        assertEquals(own.accuracy, m.get("training_accuracy_score"), 1e-12);
        assertEquals(own.accuracy, m.get("training_score"), 1e-12);
        assertTrue(m.containsKey("training_log_loss") && m.containsKey("training_roc_auc"), m.toString());

        Blobs two = new Blobs(200, 2, 2, 5);
        LogisticRegression lr = LogisticRegression.fit(two.x, two.y);
        SmileTrainingData rows = SmileTrainingData.of(new Object[] {two.x, two.y});
        Map<String, Double> binary = training(lr, rows, rows.sample(50));
        // (Smile 3.1.1's own ClassificationMetrics.of(model, x, y) fails for soft binary models: computed by hand)
        int[] predicted = lr.predict(slice(two.x, 50));
        int[] truth = sliceLabels(two.y, 50);
        int right = 0;
        for (int i = 0; i < 50; i++) if (predicted[i] == truth[i]) right++;
        assertEquals(right / 50.0, binary.get("training_accuracy_score"), 1e-12);
        assertTrue(binary.containsKey("training_roc_auc") && binary.containsKey("training_log_loss")
                && binary.containsKey("training_f1_score"), binary.toString());
    }

    @Test
    void regressionAndClusteringMetrics() throws Exception {
        double[] target = new double[blobs.y.length];
        for (int i = 0; i < target.length; i++) target[i] = blobs.x[i][0] * 2 + blobs.x[i][1];
        DataFrame df = DataFrame.of(blobs.x).merge(smile.data.vector.DoubleVector.of("t", target));
        Formula f = Formula.lhs("t");
        RegressionTree tree = RegressionTree.fit(f, df);
        SmileTrainingData data = SmileTrainingData.of(new Object[] {f, df});
        Map<String, Double> m = training(tree, data, data.sample(SmileMetrics.TRAINING_SAMPLE));
        RegressionMetrics own = RegressionMetrics.of(tree, f, df);
        assertEquals(own.rmse, m.get("training_root_mean_squared_error"), 1e-9);
        assertEquals(own.mse, m.get("training_mean_squared_error"), 1e-9);
        assertEquals(own.mad, m.get("training_mean_absolute_error"), 1e-9);
        assertEquals(own.r2, m.get("training_r2_score"), 1e-9);

        KMeans km = KMeans.fit(blobs.x, 3);
        Map<String, Double> c = SmileMetrics.clustering(km);
        assertEquals(km.distortion, c.get("distortion"));
        assertEquals(3.0, c.get("num_clusters"));
        assertTrue(SmileMetrics.clustering(tree).isEmpty());
        assertNull(Scoring.predict(km, SmileTrainingData.of(new Object[] {blobs.x}), new int[] {0}), "not scored");
    }

    /** MLflow's training metrics as autologging computes them, over the {@code sample} rows. */
    private static Map<String, Double> training(Object model, SmileTrainingData data, int[] sample) throws Exception {
        return Scoring.predict(model, data.detached(sample),
                data.isFrame() ? sample : SmileTrainingData.all(sample.length)).metrics("training_");
    }

    private static double[][] slice(double[][] x, int m) {
        SmileTrainingData d = SmileTrainingData.of(new Object[] {x});
        int[] idx = d.sample(m);
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) out[i] = x[idx[i]];
        return out;
    }

    private static int[] sliceLabels(int[] y, int m) {
        SmileTrainingData d = SmileTrainingData.of(new Object[] {new double[y.length][1]});
        int[] idx = d.sample(m);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = y[idx[i]];
        return out;
    }
}
