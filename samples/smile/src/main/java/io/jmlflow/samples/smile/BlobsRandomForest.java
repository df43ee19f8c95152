package io.jmlflow.samples.smile;

import smile.base.cart.SplitRule;
import smile.classification.RandomForest;
import smile.data.formula.Formula;

import java.util.stream.LongStream;

/**
 * A plain Smile program with no MLflow code at all: a random forest on Gaussian blobs. Run it with the agent and
 * the training is logged to MLflow (params, training and out-of-bag metrics, per-tree history, the training data,
 * plots, the model). The README's main job runs it, logging to {@code ./mlflow.db}:
 *
 * <pre>bash scripts/run-sample.sh</pre>
 */
public class BlobsRandomForest {
    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int trees = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        GaussianBlobs data = GaussianBlobs.generate(rows + 500, 4, 3, 1.5, 7);
        GaussianBlobs train = data.rows(0, rows);
        GaussianBlobs test = data.rows(rows, rows + 500);

        // Smile trains the trees in parallel: a seed per tree (Smile takes those above 1) gives the same trees
        // whatever the number of cores.
        // The other settings are Smile's defaults (mtry 0 = sqrt of the features, max nodes = rows / 5, node size 5).
        RandomForest model = RandomForest.fit(Formula.lhs("label"), train.classification(), trees, 0, SplitRule.GINI,
                12, rows / 5, 5, 1.0, null, LongStream.range(1000, 1000 + trees));

        int[] predicted = model.predict(test.classification());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == test.y[i]) right++;
        System.out.printf("random forest: %d trees, out-of-bag accuracy %.4f, test accuracy %.4f%n",
                model.size(), model.metrics().accuracy, right / (double) predicted.length);
    }
}
