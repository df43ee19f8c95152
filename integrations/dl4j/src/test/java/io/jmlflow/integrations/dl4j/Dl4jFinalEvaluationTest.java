package io.jmlflow.integrations.dl4j;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jFinalEvaluationTest {
    @Test
    void classificationMatchesDl4jsOwnEvaluation() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        DataSet data = Dl4jTestNetworks.data(300);
        ListDataSetIterator<DataSet> it = Dl4jTestNetworks.iterator(data, 7); // merged into larger batches
        net.fit(it, 3);
        FinalEvaluation.Result r = FinalEvaluation.evaluate(net, it, 10_000);
        it.reset();
        Evaluation expected = net.evaluate(it);
        assertEquals(300, r.examples());
        assertEquals(expected.accuracy(), r.metrics().get("training_accuracy"), 1e-9);
        assertEquals(expected.precision(), r.metrics().get("training_precision"), 1e-9);
        assertEquals(expected.recall(), r.metrics().get("training_recall"), 1e-9);
        assertEquals(expected.f1(), r.metrics().get("training_f1"), 1e-9);
        assertTrue(r.report().contains("Accuracy"), r.report());
    }

    @Test
    void readsAtMostMaxExamplesAndLeavesTheIteratorReset() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        ListDataSetIterator<DataSet> it = Dl4jTestNetworks.iterator(Dl4jTestNetworks.data(100), 10);
        FinalEvaluation.Result r = FinalEvaluation.evaluate(net, it, 25);
        assertEquals(30, r.examples(), "whole batches, until at least 25 examples were read");
        assertTrue(it.hasNext());
        assertEquals(10, it.next().numExamples());
    }

    @Test
    void regressionAndGraphs() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MSE, Activation.IDENTITY, 2);
        FinalEvaluation.Result r = FinalEvaluation.evaluate(net, Dl4jTestNetworks.iterator(Dl4jTestNetworks.data(40), 10), 100);
        assertTrue(r.metrics().get("training_mse") > 0);
        assertTrue(r.metrics().containsKey("training_r2"));

        ComputationGraph g = Dl4jTestNetworks.graph();
        FinalEvaluation.Result gr = FinalEvaluation.evaluate(g, Dl4jTestNetworks.iterator(Dl4jTestNetworks.data(40), 10), 100);
        assertEquals(g.evaluate(Dl4jTestNetworks.iterator(Dl4jTestNetworks.data(40), 10)).accuracy(),
                gr.metrics().get("training_accuracy"), 1e-9);
    }

    @Test
    void unsupportedLossesAndIteratorsAreSkipped() {
        MultiLayerNetwork kld = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.KL_DIVERGENCE, Activation.SOFTMAX, 2);
        assertNull(FinalEvaluation.evaluate(kld, Dl4jTestNetworks.iterator(Dl4jTestNetworks.data(10), 5), 100));
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        assertNull(FinalEvaluation.evaluate(net, "not an iterator", 100));
        assertNull(FinalEvaluation.evaluate(net, Dl4jTestNetworks.iterator(Dl4jTestNetworks.data(10), 5), 0));
        assertEquals("classification", FinalEvaluation.kind(new org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood()));
        assertEquals("regression", FinalEvaluation.kind(new org.nd4j.linalg.lossfunctions.impl.LossL1()));
    }
}
