package io.jmlflow.integrations.smile;

import org.junit.jupiter.api.Test;
import smile.data.formula.Formula;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDataTest {
    @Test
    void findsFrameOrRowsAndLabels() {
        Blobs blobs = new Blobs(30, 4, 3, 2);
        SmileTrainingData frame = SmileTrainingData.of(new Object[] {Formula.lhs("label"), blobs.frame(), 10});
        assertTrue(frame.isFrame());
        assertEquals(30, frame.size);

        SmileTrainingData rows = SmileTrainingData.of(new Object[] {blobs.x, blobs.y, 0.1});
        assertSame(blobs.y, rows.labels);
        assertEquals(30, rows.size);
        assertEquals(4, rows.rowWidth());

        SmileTrainingData maxent = SmileTrainingData.of(new Object[] {7, new int[][] {{1}, {2}}, new int[] {0, 1}});
        assertEquals(2, maxent.size);
        assertEquals(1, maxent.rowWidth());
    }

    @Test
    void sampleIsBoundedReproducibleAndFollowsNoPatternOfTheRowOrder() {
        SmileTrainingData data = SmileTrainingData.of(new Object[] {new double[1000][1], new int[1000]});
        int[] s = data.sample(100);
        assertEquals(100, s.length);
        assertArrayEquals(s, data.sample(100));
        assertEquals(100, java.util.Arrays.stream(s).distinct().count());
        for (int i = 1; i < s.length; i++) assertTrue(s[i - 1] < s[i] && s[i] < 1000);
        long odd = java.util.Arrays.stream(s).filter(i -> i % 2 == 1).count();
        assertTrue(odd > 25 && odd < 75, "rows alternate between two classes: both are sampled, " + odd);
        assertEquals(1000, data.sample(1000).length);
        assertEquals(999, data.sample(5000)[999]);
    }

    @Test
    void detachedRowsAreCopiesTheCallerCanNoLongerChange() {
        double[][] x = {{1, 2}, {3, 4}, {5, 6}};
        int[] y = {0, 1, 0};
        SmileTrainingData data = SmileTrainingData.of(new Object[] {x, y});
        SmileTrainingData kept = data.detached(new int[] {0, 2});
        x[2][0] = 99;
        y[2] = 7;
        assertEquals(2, kept.size);
        assertArrayEquals(new double[] {5, 6}, (double[]) kept.rows[1]);
        assertArrayEquals(new int[] {0, 0}, (int[]) kept.labels);
        Blobs blobs = new Blobs(10, 2, 2, 1);
        SmileTrainingData frame = SmileTrainingData.of(new Object[] {Formula.lhs("label"), blobs.frame()});
        assertSame(frame, frame.detached(new int[] {1}), "data frames cannot be changed: kept as they are");
    }
}
