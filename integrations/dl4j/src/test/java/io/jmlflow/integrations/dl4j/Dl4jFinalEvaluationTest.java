package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.autolog.TrainingDataset;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jFinalEvaluationTest {
    /** Trains {@code model} for {@code epochs} with a listener that fills a sample of at most {@code max} rows. */
    private static Dl4jTrainingData train(Model model, DataSet data, int batch, int epochs, long max) {
        Dl4jTrainingData sample = new Dl4jTrainingData(max);
        model.addListeners(new AutologListener(model, new IterationMetrics(1000, (k, v, s, t) -> { }), sample, null));
        ListDataSetIterator<DataSet> it = Dl4jTestNetworks.iterator(data, batch);
        if (model instanceof MultiLayerNetwork) ((MultiLayerNetwork) model).fit(it, epochs);
        else ((ComputationGraph) model).fit(it, epochs);
        return sample;
    }

    @Test
    void classificationMetricsHaveMlflowsNamesAndAgreeWithDl4j() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        DataSet data = Dl4jTestNetworks.data(300);
        Dl4jTrainingData sample = train(net, data, 7, 3, 10_000);
        assertEquals(300, sample.rows(), "rows of the first epoch only");
        assertEquals(300, sample.copiedRows());

        FinalEvaluation.Result r = FinalEvaluation.evaluate(net, sample, 10_000);
        Evaluation expected = net.evaluate(Dl4jTestNetworks.iterator(data, 7));
        Map<String, Double> m = r.metrics();
        assertEquals(300, r.examples());
        assertEquals(expected.accuracy(), m.get("training_accuracy_score"), 1e-9);
        assertEquals(expected.accuracy(), m.get("training_score"), 1e-9);
        for (String k : new String[] {"training_precision_score", "training_recall_score", "training_f1_score",
                "training_log_loss", "training_roc_auc"}) {
            assertTrue(m.containsKey(k), k + " in " + m);
        }
        assertEquals(expected.accuracy(), m.get("training_recall_score"), 1e-9, "weighted recall is accuracy");
        assertTrue(m.get("training_roc_auc") > 0.5 && m.get("training_roc_auc") <= 1, m.toString());
        assertEquals(300, r.truth().length);
        assertEquals(2, r.classes());
        assertEquals(300, r.probabilities().length);
        assertTrue(r.report().contains("Accuracy"), r.report());
    }

    @Test
    void evaluatesAtMostMaxExamplesOfTheSample() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        Dl4jTrainingData sample = train(net, Dl4jTestNetworks.data(100), 10, 1, 35);
        assertEquals(40, sample.copiedRows(), "whole batches, until at least 35 rows were copied");
        assertEquals(100, sample.rows());
        assertEquals(25, FinalEvaluation.evaluate(net, sample, 25).examples());
        assertEquals(40, FinalEvaluation.evaluate(net, sample, 1000).examples());
    }

    @Test
    void regressionMetricsHaveMlflowsNames() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MSE, Activation.IDENTITY, 2);
        DataSet data = Dl4jTestNetworks.data(40);
        Dl4jTrainingData sample = train(net, data, 10, 2, 1000);
        FinalEvaluation.Result r = FinalEvaluation.evaluate(net, sample, 100);
        RegressionEvaluation expected = net.evaluateRegression(Dl4jTestNetworks.iterator(data, 10));
        assertEquals(expected.averageMeanSquaredError(), r.metrics().get("training_mean_squared_error"), 1e-6);
        assertEquals(expected.averageMeanAbsoluteError(), r.metrics().get("training_mean_absolute_error"), 1e-6);
        assertEquals(expected.averagerootMeanSquaredError(), r.metrics().get("training_root_mean_squared_error"), 1e-6);
        assertEquals(expected.averageRSquared(), r.metrics().get("training_r2_score"), 1e-6);
        assertEquals(r.metrics().get("training_r2_score"), r.metrics().get("training_score"));
        assertTrue(!r.classification());
    }

    @Test
    void graphsAreEvaluatedToo() {
        ComputationGraph g = Dl4jTestNetworks.graph();
        DataSet data = Dl4jTestNetworks.data(40);
        Dl4jTrainingData sample = train(g, data, 10, 2, 1000);
        assertEquals(40, sample.copiedRows(), "a graph's labels are read too");
        FinalEvaluation.Result r = FinalEvaluation.evaluate(g, sample, 100);
        assertEquals(g.evaluate(Dl4jTestNetworks.iterator(data, 10)).accuracy(), r.metrics().get("training_accuracy_score"), 1e-9);
    }

    @Test
    void unsupportedLossesAreSkipped() {
        MultiLayerNetwork kld = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.KL_DIVERGENCE, Activation.SOFTMAX, 2);
        Dl4jTrainingData sample = train(kld, Dl4jTestNetworks.data(10), 5, 1, 100);
        assertNull(FinalEvaluation.evaluate(kld, sample, 100));
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        assertNull(FinalEvaluation.evaluate(net, new Dl4jTrainingData(100), 100));
        assertNull(FinalEvaluation.evaluate(net, sample, 0));
        assertEquals("classification", FinalEvaluation.kind(new org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood()));
        assertEquals("regression", FinalEvaluation.kind(new org.nd4j.linalg.lossfunctions.impl.LossL1()));
    }

    @Test
    void theTrainDatasetDigestFollowsTheData() {
        DataSet data = Dl4jTestNetworks.data(60);
        TrainingDataset a = train(Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2),
                data, 10, 2, 1000).dataset("train");
        TrainingDataset b = train(Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2),
                data, 20, 1, 1000).dataset("train");
        DataSet other = Dl4jTestNetworks.data(60);
        other.getFeatures().putScalar(0, 0, 42.0);
        TrainingDataset c = train(Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2),
                other, 10, 1, 1000).dataset("train");
        assertEquals(a.digest(), b.digest(), "same rows, other batch size");
        assertNotEquals(a.digest(), c.digest());
        assertEquals(60, a.rows());
        assertEquals(5, a.columns(), "f0..f2, label_0, label_1");
        assertTrue(a.schema().contains("\"f2\"") && a.schema().contains("\"label_1\""), a.schema());
    }

    @Test
    void userEvaluationsGetMlflowsNames() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        DataSet data = Dl4jTestNetworks.data(80);
        net.fit(Dl4jTestNetworks.iterator(data, 10), 2);
        Evaluation e = net.evaluate(Dl4jTestNetworks.iterator(data, 10));
        Map<String, Double> m = PostTrainingEvaluation.metricsOf(e);
        assertEquals(e.accuracy(), m.get("accuracy_score"), 1e-12);
        assertEquals(e.accuracy(), m.get("score"), 1e-12);
        double weightedPrecision = 0;
        for (int c = 0; c < 2; c++) weightedPrecision += e.classCount(c) * e.precision(c);
        assertEquals(weightedPrecision / 80, m.get("precision_score"), 1e-9);
        assertTrue(m.containsKey("f1_score") && m.containsKey("recall_score"), m.toString());

        Map<String, Double> roc = PostTrainingEvaluation.metricsOf(net.evaluateROCMultiClass(Dl4jTestNetworks.iterator(data, 10), 0));
        assertTrue(roc.get("roc_auc") > 0.5, roc.toString());
        Map<String, Double> reg = PostTrainingEvaluation.metricsOf(net.evaluateRegression(Dl4jTestNetworks.iterator(data, 10)));
        assertTrue(reg.get("mean_squared_error") > 0 && reg.containsKey("r2_score"), reg.toString());
    }
}
