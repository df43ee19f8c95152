package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.formula.Formula;

/**
 * A plain Smile program with no MLflow code: a random forest (600 rows, 37 trees) on Gaussian blobs. Prints how long
 * the {@code fit} call took ({@code FIT_MS}) and how long the program took to its end ({@code MAIN_MS}).
 */
public final class TimedForestProgram {
    private TimedForestProgram() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        GaussianBlobs data = GaussianBlobs.generate(600 + 200, 5, 3, 1.5, 11);
        GaussianBlobs train = data.rows(0, 600);
        long fitStart = System.nanoTime();
        RandomForest model = RandomForest.fit(Formula.lhs("label"), train.classification(),
                ModelsProgram.props("smile.random_forest.trees", "37"));
        long fitNanos = System.nanoTime() - fitStart;
        int[] predicted = model.predict(data.rows(600, 800).classification());
        System.out.println("FIT_MS " + fitNanos / 1_000_000.0);
        System.out.println("TREES " + model.size() + " PREDICTED " + predicted.length);
        System.out.println("MAIN_MS " + (System.nanoTime() - start) / 1_000_000.0);
    }
}
