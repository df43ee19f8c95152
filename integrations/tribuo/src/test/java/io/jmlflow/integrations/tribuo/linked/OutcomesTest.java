package io.jmlflow.integrations.tribuo.linked;

import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.example.GaussianClusterDataSource;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.example.RegressionDataGenerator;
import org.tribuo.regression.rtree.CARTRegressionTrainer;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomesTest {

    @Test
    void labelsBecomeClassIndicesInTheModelsIdOrderWithProbabilitiesWhenTheModelGivesThem() {
        Dataset<Label> data = new MutableDataset<>(new CheckerboardDataSource(200, 1L, 4, -1, 1));
        Model<Label> logistic = new LogisticRegressionTrainer().train(data);
        List<Prediction<Label>> predictions = logistic.predict(data);
        LabelOutcomes o = assertInstanceOf(LabelOutcomes.class, Outcomes.of(logistic, predictions));
        assertEquals(2, o.labels().length);
        for (int i = 0; i < o.labels().length; i++) {
            assertEquals(i, logistic.getOutputIDInfo().getID(new Label(o.labels()[i])));
        }
        assertEquals(200, o.truth().length);
        for (int i = 0; i < 200; i++) {
            Prediction<Label> p = predictions.get(i);
            assertEquals(p.getExample().getOutput().getLabel(), o.labels()[o.truth()[i]]);
            assertEquals(p.getOutput().getLabel(), o.labels()[o.predicted()[i]]);
            assertEquals(p.getOutputScores().get(o.labels()[1]).getScore(), o.probabilities()[i][1]);
        }

        Model<Label> tree = new CARTClassificationTrainer(3).train(data);
        LabelOutcomes t = (LabelOutcomes) Outcomes.of(tree, tree.predict(data));
        assertNull(t.probabilities(), "a tree gives no probabilities");
        LabelEvaluation ev = new LabelEvaluator().evaluate(tree, data);
        Map<String, Double> m = t.metrics();
        assertEquals(ev.accuracy(), m.get("accuracy_score"), 1e-12);
        assertEquals(ev.accuracy(), m.get("score"), 1e-12);
    }

    @Test
    void regressorsAreComparedPerDimensionAndAveraged() {
        Dataset<Regressor> multi = RegressionDataGenerator.multiDimDenseTrainTest().getA();
        Model<Regressor> model = new CARTRegressionTrainer(4).train(multi);
        Outcomes o = Outcomes.of(model, model.predict(multi));
        assertInstanceOf(RegressionOutcomes.class, o);
        RegressionEvaluation ev = new RegressionEvaluator().evaluate(model, multi);
        Map<String, Double> m = o.metrics();
        assertEquals(ev.averageR2(), m.get("r2_score"), 1e-9);
        assertEquals(ev.averageMAE(), m.get("mean_absolute_error"), 1e-9);
        assertEquals(ev.averageRMSE(), m.get("root_mean_squared_error"), 1e-9);
    }

    @Test
    void otherOutputsHaveNoMlflowMetrics() {
        Dataset<ClusterID> data = new MutableDataset<>(new GaussianClusterDataSource(50, 3L));
        Model<ClusterID> model = new KMeansTrainer(3, 5, DistanceType.L2.getDistance(), 1, 1L).train(data);
        assertNull(Outcomes.of(model, model.predict(data)));
        assertNull(Outcomes.of(model, List.of()));
    }

    @Test
    void spacedSamplesAreEvenAndKeepSmallListsWhole() {
        assertEquals(List.of(1, 2, 3), TribuoTrainingData.spaced(List.of(1, 2, 3), 5));
        assertEquals(List.of(0, 2, 5, 7), TribuoTrainingData.spaced(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 4));
        assertTrue(TribuoTrainingData.spaced(List.of(), 3).isEmpty());
        assertArrayEquals(new String[] {"label", "string"}, DatasetInputs.outputColumn(new Label("a")));
    }
}
