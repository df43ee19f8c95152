package io.jmlflow.integrations.smile;

import io.jmlflow.internal.autolog.TrainingDataset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmileDatasetsTest {
    @Test
    void equalFramesHaveEqualDigestsAndOtherRowsAnother() throws Exception {
        TrainingDataset a = SmileDatasets.ofFrame(new Blobs(200, 3, 2, 1).frame(), "dataset");
        TrainingDataset b = SmileDatasets.ofFrame(new Blobs(200, 3, 2, 1).frame(), "dataset");
        TrainingDataset other = SmileDatasets.ofFrame(new Blobs(200, 3, 2, 2).frame(), "dataset");
        assertEquals(a.digest(), b.digest());
        assertNotEquals(a.digest(), other.digest());
        assertEquals(200, a.rows());
        String schema = a.toEntity().schema();
        assertTrue(schema.contains("\"V1\"") && schema.contains("\"label\"") && schema.contains("\"integer\""), schema);
    }

    @Test
    void rowArraysBecomeColumnsWithTheirLabels() {
        Blobs blobs = new Blobs(50, 4, 2, 3);
        TrainingDataset rows = SmileDatasets.ofRows(blobs.x, blobs.y, "dataset");
        String schema = rows.toEntity().schema();
        assertTrue(schema.contains("\"x3\"") && schema.contains("\"label\""), schema);
        assertEquals(50, rows.rows());
        int[] changed = blobs.y.clone();
        changed[49] = 1 - changed[49];
        assertNotEquals(rows.digest(), SmileDatasets.ofRows(blobs.x, changed, "dataset").digest(), "labels count");
        double[] target = new double[50];
        assertTrue(SmileDatasets.ofRows(blobs.x, target, "d").toEntity().schema().contains("\"target\""));
    }
}
