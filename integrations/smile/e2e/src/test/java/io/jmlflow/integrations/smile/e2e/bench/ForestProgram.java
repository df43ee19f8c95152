package io.jmlflow.integrations.smile.e2e.bench;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;

import java.util.Properties;

/**
 * A whole program of the process benchmark ({@code scripts/bench.sh --only process}), with no MLflow code: a random
 * forest on {@code rows} x {@code features} Gaussian blobs, then {@code predict} on the same rows and a printed
 * accuracy. The benchmark times the process, with and without the agent.
 *
 * <p>Arguments: {@code rows features trees [maxDepth]} ({@code maxDepth} 0 or absent: Smile's default).
 */
public final class ForestProgram {
    private ForestProgram() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int features = Integer.parseInt(args[1]);
        int trees = Integer.parseInt(args[2]);
        int maxDepth = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        GaussianBlobs blobs = GaussianBlobs.generate(rows, features, 3, 3.0, 42);
        DataFrame data = blobs.classification();
        Properties params = new Properties();
        params.setProperty("smile.random_forest.trees", String.valueOf(trees));
        if (maxDepth > 0) params.setProperty("smile.random_forest.max_depth", String.valueOf(maxDepth));
        RandomForest model = RandomForest.fit(Formula.lhs("label"), data, params);

        int[] predicted = model.predict(data);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == blobs.y[i]) right++;
        System.out.printf("random forest: %d rows x %d features, %d trees, training accuracy %.4f%n", rows, features,
                model.size(), right / (double) rows);
    }
}
