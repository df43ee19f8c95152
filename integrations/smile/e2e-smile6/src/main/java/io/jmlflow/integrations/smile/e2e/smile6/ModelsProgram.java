package io.jmlflow.integrations.smile.e2e.smile6;

import io.jmlflow.Mlflow;
import io.jmlflow.samples.smile6.GaussianBlobs;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.data.DataFrame;
import smile.data.formula.Formula;

import java.util.Arrays;

/**
 * A test program: trains five kinds of Smile 6 model with no MLflow code around the training; after each, loads the
 * logged model back ({@code runs:/<run>/model}) and prints whether its predictions equal the original's:
 * {@code MODEL <name> <run id> <equal>}.
 */
public final class ModelsProgram {
    private ModelsProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(600, 4, 3, 1.5, 21);
        DataFrame classes = data.classification();
        DataFrame numbers = data.regression();
        Formula label = Formula.lhs("label");

        RandomForest rf = RandomForest.fit(label, classes, new RandomForest.Options(30));
        report("RandomForest", Arrays.equals(rf.predict(classes), ((RandomForest) reload()).predict(classes)));

        GradientTreeBoost gbt = GradientTreeBoost.fit(label, classes, new GradientTreeBoost.Options(25));
        report("GradientTreeBoost", Arrays.equals(gbt.predict(classes), ((GradientTreeBoost) reload()).predict(classes)));

        int[] binary = new int[data.y.length];
        for (int i = 0; i < binary.length; i++) binary[i] = data.y[i] == 0 ? 0 : 1;
        LogisticRegression lr = LogisticRegression.fit(data.x, binary);
        report("LogisticRegression", Arrays.equals(lr.predict(data.x), ((LogisticRegression) reload()).predict(data.x)));

        var gbr = smile.regression.GradientTreeBoost.fit(Formula.lhs("target"), numbers,
                new smile.regression.GradientTreeBoost.Options(20));
        report("RegressionGradientTreeBoost",
                Arrays.equals(gbr.predict(numbers), ((smile.regression.GradientTreeBoost) reload()).predict(numbers)));

        CentroidClustering<double[], double[]> km = KMeans.fit(data.x, 3, 50);
        @SuppressWarnings("unchecked")
        CentroidClustering<double[], double[]> back = (CentroidClustering<double[], double[]>) reload();
        boolean same = true;
        for (double[] row : data.x) same &= km.predict(row) == back.predict(row);
        report("KMeans", same);
    }

    private static Object reload() {
        return Mlflow.loadModel("runs:/" + Mlflow.lastActiveRun().runId() + "/model");
    }

    private static void report(String name, boolean equal) {
        System.out.println("MODEL " + name + " " + Mlflow.lastActiveRun().runId() + " " + equal);
    }
}
