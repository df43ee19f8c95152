package io.jmlflow.integrations.tribuo.linked;

import io.jmlflow.internal.autolog.TrainingDataset;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.impl.ArrayExample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetInputsTest {

    private static MutableDataset<Label> checkerboard(int n, long seed) {
        return new MutableDataset<>(new CheckerboardDataSource(n, seed, 4, -1, 1));
    }

    @Test
    void schemaIsTheModelsFeaturesAndTheLabelProfileTheRowsAndTheDigestFollowsTheContent() {
        Dataset<Label> data = checkerboard(100, 1L);
        Model<Label> model = new CARTClassificationTrainer(3).train(data);
        TrainingDataset a = DatasetInputs.of("checkerboard", model.getFeatureIDMap(), TribuoTrainingData.of(data));
        assertEquals("checkerboard", a.name());
        assertEquals(100, a.rows());
        for (String column : new String[] {"\"X1\"", "\"X2\"", "\"label\""}) {
            assertTrue(a.schema().contains(column), a.schema());
        }
        TrainingDataset same = DatasetInputs.of("checkerboard", model.getFeatureIDMap(), TribuoTrainingData.of(checkerboard(100, 1L)));
        TrainingDataset other = DatasetInputs.of("checkerboard", model.getFeatureIDMap(), TribuoTrainingData.of(checkerboard(100, 2L)));
        assertEquals(a.digest(), same.digest());
        assertNotEquals(a.digest(), other.digest());
    }

    @Test
    void theSampleIsACopyThatLaterChangesToTheDatasetDoNotReach() {
        MutableDataset<Label> data = checkerboard(50, 1L);
        Model<Label> model = new CARTClassificationTrainer(3).train(data);
        TribuoTrainingData sample = TribuoTrainingData.of(data);
        String before = DatasetInputs.of("d", model.getFeatureIDMap(), sample).digest();
        data.add(new ArrayExample<>(new Label("X"), new String[] {"X1", "X2"}, new double[] {0.5, 0.5}));
        data.getExample(0).set(new org.tribuo.Feature("X1", 42.0));
        assertEquals(50, sample.examples().size());
        assertEquals(before, DatasetInputs.of("d", model.getFeatureIDMap(), sample).digest());
    }
}
