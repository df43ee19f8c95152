package io.jmlflow.integrations.tribuo.linked;

import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.evaluation.ClusteringEvaluation;
import org.tribuo.clustering.evaluation.ClusteringEvaluator;
import org.tribuo.clustering.example.GaussianClusterDataSource;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.example.RegressionDataGenerator;
import org.tribuo.regression.rtree.CARTRegressionTrainer;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationMetricsTest {

    @Test
    void classificationGivesAveragesPerLabelValuesAndAuc() {
        Dataset<Label> data = new MutableDataset<>(new CheckerboardDataSource(300, 1L, 4, -1, 1));
        Model<Label> model = new CARTClassificationTrainer(4).train(data);
        LabelEvaluation ev = new LabelEvaluator().evaluate(model, data);
        Map<String, Double> m = EvaluationMetrics.of(model, ev);
        assertEquals(Set.of("accuracy", "balanced_accuracy", "balanced_error_rate",
                "f1_macro", "f1_micro", "precision_macro", "precision_micro", "recall_macro", "recall_micro",
                "f1_O", "f1_X", "precision_O", "precision_X", "recall_O", "recall_X"), m.keySet());
        assertEquals(ev.accuracy(), m.get("accuracy"));
        assertEquals(ev.macroAveragedRecall(), m.get("balanced_accuracy"), 1e-12);
        assertEquals(ev.macroAveragedF1(), m.get("f1_macro"));
        assertEquals(ev.microAveragedF1(), m.get("f1_micro"));
        assertEquals(ev.macroAveragedPrecision(), m.get("precision_macro"));
        assertEquals(ev.microAveragedRecall(), m.get("recall_micro"));
        assertEquals(ev.balancedErrorRate(), m.get("balanced_error_rate"));
        assertEquals(ev.f1(new Label("X")), m.get("f1_X"));
        assertFalse(m.containsKey("roc_auc"), "CART gives no probabilities, so no AUC");

        Model<Label> logistic = new LogisticRegressionTrainer().train(data);
        LabelEvaluation lev = new LabelEvaluator().evaluate(logistic, data);
        Map<String, Double> lm = EvaluationMetrics.of(logistic, lev);
        assertEquals(lev.averageAUCROC(false), lm.get("roc_auc"));
        assertTrue(lm.get("roc_auc") > 0.0 && lm.get("roc_auc") <= 1.0, lm.toString());
    }

    @Test
    void regressionGivesAveragesAndPerDimensionValuesOnlyWithSeveralDimensions() {
        Dataset<Regressor> one = RegressionDataGenerator.denseTrainTest().getA();
        Model<Regressor> model = new CARTRegressionTrainer(4).train(one);
        RegressionEvaluation ev = new RegressionEvaluator().evaluate(model, one);
        Map<String, Double> m = EvaluationMetrics.of(model, ev);
        assertEquals(Set.of("rmse", "mae", "r2", "explained_variance"), m.keySet());
        assertEquals(ev.averageRMSE(), m.get("rmse"));
        assertEquals(ev.averageMAE(), m.get("mae"));
        assertEquals(ev.averageR2(), m.get("r2"));
        assertEquals(ev.averagedExplainedVariance(), m.get("explained_variance"));

        Dataset<Regressor> multi = RegressionDataGenerator.multiDimDenseTrainTest().getA();
        Model<Regressor> multiModel = new CARTRegressionTrainer(4).train(multi);
        Map<String, Double> mm = EvaluationMetrics.of(multiModel, new RegressionEvaluator().evaluate(multiModel, multi));
        for (String dim : multi.getOutputInfo().getDomain().iterator().next().getNames()) {
            assertTrue(mm.containsKey("rmse_" + dim), mm.keySet() + " lacks rmse_" + dim);
        }
        assertTrue(mm.containsKey("r2"), mm.toString());
    }

    @Test
    void clusteringGivesMutualInformationScores() {
        Dataset<ClusterID> data = new MutableDataset<>(new GaussianClusterDataSource(200, 3L));
        Model<ClusterID> model = new KMeansTrainer(5, 10, DistanceType.L2.getDistance(), 1, 1L).train(data);
        ClusteringEvaluation ev = new ClusteringEvaluator().evaluate(model, data);
        assertEquals(Map.of("normalized_mi", ev.normalizedMI(), "adjusted_mi", ev.adjustedMI()),
                EvaluationMetrics.of(model, ev));
    }

    @Test
    void keysKeepOnlyCharactersMlflowAccepts() {
        assertEquals("f1_a_b_c/d e-f.g", EvaluationMetrics.metricKey("f1_a:b|c/d e-f.g"));
        assertEquals(new LabelFactory().generateOutput("yes").getLabel(),
                EvaluationMetrics.outputName(new LabelFactory().generateOutput("yes")));
    }
}
