package io.jmlflow.samples.smile6;

import smile.classification.RandomForest;
import smile.data.formula.Formula;

/**
 * A plain Smile 6 program (Java 25) with no MLflow code at all: a random forest on Gaussian blobs. Run with the
 * agent, its training is logged to MLflow (hyperparameters with Smile's defaults, out-of-bag metrics, each tree's
 * out-of-bag accuracy as it is trained, the model):
 *
 * <pre>MLFLOW_TRACKING_URI=sqlite:///mlflow.db $JDK25/bin/java -javaagent:agent/target/mlflow-agent.jar \
 *     -cp "samples/smile6/target/classes:$(cat samples/smile6/target/runtime-classpath.txt)" \
 *     io.jmlflow.samples.smile6.BlobsRandomForest</pre>
 */
public class BlobsRandomForest {
    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int trees = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        GaussianBlobs data = GaussianBlobs.generate(rows + 500, 4, 3, 1.5, 7);
        GaussianBlobs train = data.rows(0, rows);
        GaussianBlobs test = data.rows(rows, rows + 500);

        var options = new RandomForest.Options(trees, 0, 12, 0, 5);
        RandomForest model = RandomForest.fit(Formula.lhs("label"), train.classification(), options);

        int[] predicted = model.predict(test.classification());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == test.y[i]) right++;
        System.out.printf("random forest: %d trees, out-of-bag accuracy %.4f, test accuracy %.4f%n",
                model.size(), model.metrics().accuracy(), right / (double) predicted.length);
    }
}
