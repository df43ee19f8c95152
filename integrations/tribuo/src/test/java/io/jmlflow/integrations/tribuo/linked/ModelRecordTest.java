package io.jmlflow.integrations.tribuo.linked;

import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.classification.example.NoisyInterlockingCrescentsDataSource;
import org.tribuo.provenance.DataProvenance;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRecordTest {

    private static DataProvenance checkerboard(long seed) {
        return new MutableDataset<>(new CheckerboardDataSource(20, seed, 2, -1, 1)).getProvenance();
    }

    @Test
    void theFirstDataIsEvalTheSameDataTheNextStepOtherDataAPrefixOfItsOwn() {
        ModelRecord record = new ModelRecord(null, UUID.randomUUID().toString().replace("-", ""));
        ModelRecord.Use first = record.use(checkerboard(1L));
        assertEquals(new ModelRecord.Use("checkerboard", "checkerboard", "eval_", 0, true), first);
        assertEquals("eval", first.tagSuffix());
        ModelRecord.Use again = record.use(checkerboard(1L));
        assertEquals(new ModelRecord.Use("checkerboard", "checkerboard", "eval_", 1, false), again, "equal provenance, same data");
        ModelRecord.Use other = record.use(checkerboard(2L));
        assertEquals("checkerboard_2", other.name(), "names of different data of one model never repeat");
        assertEquals("eval_checkerboard_2_", other.prefix());
        assertTrue(other.first());
        ModelRecord.Use crescents = record.use(
                new MutableDataset<>(new NoisyInterlockingCrescentsDataSource(20, 1L, 0.1)).getProvenance());
        assertEquals("eval_noisy_interlocking_crescents_", crescents.prefix());
        assertFalse(record.use(checkerboard(2L)).first());
    }

    @Test
    void otherDataNamedAsTheTrainingDataGetsEvalDatasetNamesAndTheSamePrefixes() {
        ModelRecord record = new ModelRecord(null, UUID.randomUUID().toString().replace("-", ""));
        record.trainedOn(checkerboard(1L), "checkerboard");
        assertEquals("checkerboard", record.use(checkerboard(1L)).datasetName(), "the training data itself");
        ModelRecord.Use other = record.use(checkerboard(2L));
        assertEquals("checkerboard_eval_2", other.datasetName());
        assertEquals("eval_checkerboard_2_", other.prefix(), "metric keys as without a training name");
        ModelRecord.Use third = record.use(checkerboard(3L));
        assertEquals("checkerboard_eval_3", third.datasetName());
        assertEquals("eval_checkerboard_3_", third.prefix());
    }
}
