package io.jmlflow.samples.tribuo;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.classification.example.NoisyInterlockingCrescentsDataSource;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.evaluation.ClusteringEvaluation;
import org.tribuo.clustering.evaluation.ClusteringEvaluator;
import org.tribuo.clustering.example.GaussianClusterDataSource;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.example.NonlinearGaussianDataSource;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * A plain Tribuo program with no MLflow code: it trains a decision tree and a logistic regression classifier, a
 * linear regression and k-means on data that Tribuo generates, and evaluates each model on held-out data.
 *
 * <p>Run it with the agent and every training becomes an MLflow run (parameters, training and held-out metrics,
 * the loss curve of the SGD trainers, the model, its provenance):
 * <pre>
 * bash scripts/run-sample.sh tribuo      # builds what it needs, logs to ./mlflow.db
 * java -javaagent:mlflow-agent.jar -cp ... io.jmlflow.samples.tribuo.TribuoSample
 * </pre>
 */
public final class TribuoSample {
    public static final long SEED = 42L;

    private TribuoSample() {
    }

    public static void main(String[] args) {
        Model<Label> tree = cartTrainer().train(checkerboard(400, 1L));
        LabelEvaluation treeEval = new LabelEvaluator().evaluate(tree, checkerboard(200, 2L));
        System.out.printf("decision tree:       accuracy %.4f, macro F1 %.4f%n", treeEval.accuracy(), treeEval.macroAveragedF1());

        Model<Label> logistic = logisticTrainer().train(crescents(600, 3L));
        LabelEvaluation logisticEval = new LabelEvaluator().evaluate(logistic, crescents(200, 4L));
        System.out.printf("logistic regression: accuracy %.4f, AUC %.4f%n", logisticEval.accuracy(), logisticEval.averageAUCROC(false));

        Model<Regressor> linear = regressionTrainer().train(regression(300, 5L));
        RegressionEvaluation linearEval = new RegressionEvaluator().evaluate(linear, regression(150, 6L));
        System.out.printf("linear regression:   RMSE %.4f, R2 %.4f%n", linearEval.averageRMSE(), linearEval.averageR2());

        Model<ClusterID> kmeans = kmeansTrainer().train(clusters(400, 7L));
        ClusteringEvaluation kmeansEval = new ClusteringEvaluator().evaluate(kmeans, clusters(200, 8L));
        System.out.printf("k-means:             normalized MI %.4f%n", kmeansEval.normalizedMI());
    }

    /** Four squares of two classes in the unit square: needs a non-linear model. */
    public static Dataset<Label> checkerboard(int examples, long seed) {
        return new MutableDataset<>(new CheckerboardDataSource(examples, seed, 4, -1.0, 1.0));
    }

    /** Two interlocking half moons with Gaussian noise. */
    public static Dataset<Label> crescents(int examples, long seed) {
        return new MutableDataset<>(new NoisyInterlockingCrescentsDataSource(examples, seed, 0.1));
    }

    /** A noisy non-linear function of four features. */
    public static Dataset<Regressor> regression(int examples, long seed) {
        return new MutableDataset<>(new NonlinearGaussianDataSource(examples, seed));
    }

    /** Five Gaussian clusters in two dimensions (the cluster each point came from is its ground truth). */
    public static Dataset<ClusterID> clusters(int examples, long seed) {
        return new MutableDataset<>(new GaussianClusterDataSource(examples, seed));
    }

    public static Trainer<Label> cartTrainer() {
        return new CARTClassificationTrainer(6);
    }

    /** Five epochs of AdaGrad; it reports its average loss every 1000 examples. */
    public static Trainer<Label> logisticTrainer() {
        return new LogisticRegressionTrainer();
    }

    /** Squared loss, AdaGrad, five epochs; it reports its average loss every 100 examples. */
    public static Trainer<Regressor> regressionTrainer() {
        return new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), 5, 100, 1, SEED);
    }

    public static Trainer<ClusterID> kmeansTrainer() {
        return new KMeansTrainer(5, 20, DistanceType.L2.getDistance(), 1, SEED);
    }
}
