package io.jmlflow.integrations.tribuo.linked;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.ensemble.BaggingTrainer;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceJsonTest {
    private final MutableDataset<Label> data = new MutableDataset<>(new CheckerboardDataSource(60, 1L, 2, -1, 1));

    private static ObjectProvenance readBack(String json) throws Exception {
        return ProvenanceUtil.unmarshalProvenance(new JsonProvenanceSerialization(false).deserializeFromString(json));
    }

    @Test
    void ourWriterProducesWhatOlcutReadsBack() throws Exception {
        Map<String, Provenance> run = Map.of("mlflow-run-id", new StringProvenance("mlflow-run-id", "a\"b\\c\n"));
        Model<Label> tree = new CARTClassificationTrainer(3).train(data, run);
        Model<Label> bagged = new BaggingTrainer<>(new CARTClassificationTrainer(2), new VotingCombiner(), 2).train(data);
        for (Model<Label> model : java.util.List.of(tree, bagged)) {
            String ours = ProvenanceJson.write(ProvenanceUtil.marshalProvenance(model.getProvenance()));
            assertEquals(model.getProvenance(), readBack(ours), ours);
        }
    }

    @Test
    void theOfficialSerializationIsUsedWhenPresentAndReadsBackTheSame() throws Exception {
        Model<Label> tree = new CARTClassificationTrainer(3).train(data);
        String json = ProvenanceJson.of(tree.getProvenance());
        assertEquals(new JsonProvenanceSerialization(true).serializeToString(ProvenanceUtil.marshalProvenance(tree.getProvenance())), json);
        assertEquals(tree.getProvenance(), readBack(json));
        assertTrue(json.contains("org.tribuo.classification.example.CheckerboardDataSource"), json);
    }
}
