package io.jmlflow.integrations.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight importance read from the dump equals XGBoost4J's own {@code getScore("", "weight")}. */
class SplitCountsTest {
    @Test
    void sameAsGetScoreWithAndWithoutFeatureNames() throws Exception {
        for (boolean named : new boolean[] {false, true}) {
            Booster small = XGBoostModelFlavorTest.booster(named);
            assertEquals(small.getScore("", "weight"), SplitCounts.of(small), "named " + named);
        }
        Booster deep = deepBooster();
        Map<String, Double> expected = deep.getScore("", "weight");
        assertTrue(expected.size() >= 5, "a model that splits on many features: " + expected);
        assertEquals(expected, SplitCounts.of(deep));
    }

    @Test
    void leavesAreSkippedAndTheNameEndsAtTheThresholdOrBracket() {
        Map<String, int[]> counts = new HashMap<>();
        SplitCounts.count("0:[f2<0.5] yes=1,no=2,missing=1\n\t1:leaf=0.1\n\t2:[age] yes=3,no=4\n\t\t3:[f2<1e-05] yes=5\n"
                + "\t\t4:leaf=-0.2\n", counts);
        SplitCounts.count("0:leaf=0.5", counts);
        SplitCounts.count("", counts);
        assertEquals(2, counts.size(), counts.keySet().toString());
        assertEquals(2, counts.get("f2")[0]);
        assertEquals(1, counts.get("age")[0]);
    }

    private static Booster deepBooster() throws Exception {
        int rows = 500, cols = 8;
        float[] data = new float[rows * cols];
        float[] labels = new float[rows];
        Random random = new Random(3);
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int f = 0; f < cols; f++) {
                data[i * cols + f] = (float) random.nextGaussian();
                sum += data[i * cols + f] * (f + 1);
            }
            labels[i] = sum > 0 ? 1 : 0;
        }
        DMatrix train = new DMatrix(data, rows, cols, Float.NaN);
        train.setLabel(labels);
        return XGBoost.train(train, Map.of("objective", "binary:logistic", "max_depth", 5, "nthread", 1, "verbosity", 0),
                20, Map.of(), null, null);
    }
}
