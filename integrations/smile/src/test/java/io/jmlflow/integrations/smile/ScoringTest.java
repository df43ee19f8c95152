package io.jmlflow.integrations.smile;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringTest {
    @Test
    void smilesClassLabelsBecomeIndexesAndUnknownLabelsAreLeftOut() {
        // no model to ask (a validation round's model may be gone): the labels seen, in order
        Scoring s = Scoring.labelled(null, new int[] {-1, 1, 1, -1, 5}, new int[] {-1, 1, -1, -1, 1}, null);
        assertArrayEquals(new String[] {"-1", "1", "5"}, s.labels);
        assertArrayEquals(new int[] {0, 1, 1, 0, 2}, s.truth);
        Map<String, Double> m = s.metrics("eval_");
        assertEquals(3.0 / 5, m.get("eval_accuracy_score"), 1e-12);
        assertTrue(!m.containsKey("eval_roc_auc"), "no probabilities: " + m);
    }

    @Test
    void regressionValuesAreScoredWithMlflowsNames() {
        Map<String, Double> m = Scoring.values(new double[] {1, 2, 3}, new double[] {1, 2, 5}).metrics("training_");
        assertEquals(4.0 / 3, m.get("training_mean_squared_error"), 1e-12);
        assertEquals(Math.sqrt(4.0 / 3), m.get("training_root_mean_squared_error"), 1e-12);
        assertEquals(2.0 / 3, m.get("training_mean_absolute_error"), 1e-12);
        assertEquals(m.get("training_r2_score"), m.get("training_score"));
    }

    @Test
    void ensemblesScoreFewerRowsTheMoreTreesTheyHave() {
        assertEquals(SmileMetrics.TRAINING_SAMPLE, SmileMetrics.trainingRows(new Object()));
        java.util.Properties p = new java.util.Properties();
        p.setProperty("smile.random_forest.trees", "25");
        Blobs blobs = new Blobs(100, 2, 2, 4);
        smile.classification.RandomForest rf = smile.classification.RandomForest.fit(
                smile.data.formula.Formula.lhs("label"), blobs.frame(), p);
        assertEquals(4_000, SmileMetrics.trainingRows(rf), "100,000 tree evaluations: 4,000 rows for 25 trees");
        p.setProperty("smile.random_forest.trees", "500");
        assertEquals(2_000, SmileMetrics.trainingRows(smile.classification.RandomForest.fit(
                smile.data.formula.Formula.lhs("label"), blobs.frame(), p)), "at least 2,000 rows");
    }
}
