package io.jmlflow.integrations.tribuo.linked;

import org.junit.jupiter.api.Test;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.ensemble.BaggingTrainer;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TrainerParamsTest {

    @Test
    void nestedOptimiserAndObjectiveAreFlattenedUnderTheirKeys() {
        Map<String, String> p = TrainerParams.of(new LogisticRegressionTrainer().getProvenance().getConfiguredParameters());
        assertEquals(Map.of(
                "epochs", "5", "loggingInterval", "1000", "minibatchSize", "1", "seed", "12345", "shuffle", "True",
                "objective", "org.tribuo.classification.sgd.objectives.LogMulticlass",
                "optimiser", "org.tribuo.math.optimisers.AdaGrad",
                "optimiser.initialLearningRate", "1.0", "optimiser.epsilon", "0.1", "optimiser.initialValue", "0.0"), p);
    }

    @Test
    void anEnsemblesInnerTrainerGivesItsConfigurationWithoutRunStateValues() {
        BaggingTrainer<?> bagging = new BaggingTrainer<>(new CARTClassificationTrainer(3), new VotingCombiner(), 4);
        Map<String, String> p = TrainerParams.of(bagging.getProvenance().getConfiguredParameters());
        assertEquals("4", p.get("numMembers"));
        assertEquals("org.tribuo.classification.dtree.CARTClassificationTrainer", p.get("innerTrainer"));
        assertEquals("3", p.get("innerTrainer.maxDepth"));
        assertEquals("org.tribuo.classification.dtree.impurity.GiniIndex", p.get("innerTrainer.impurity"));
        assertEquals("org.tribuo.classification.ensemble.VotingCombiner", p.get("combiner"));
        assertFalse(p.keySet().stream().anyMatch(k -> k.contains("invocation") || k.contains("host-short-name")), p.toString());
    }
}
