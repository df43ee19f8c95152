package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.Mlflow;
import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.clustering.KMeans;
import smile.data.DataFrame;
import smile.data.formula.Formula;

import java.util.Arrays;
import java.util.Properties;

/**
 * Trains five kinds of Smile 3 model with no MLflow code around the training; after each, loads the logged model
 * back ({@code runs:/<run>/model}) and prints whether its predictions equal the original's:
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

        RandomForest rf = RandomForest.fit(label, classes, props("smile.random_forest.trees", "30"));
        report("RandomForest", Arrays.equals(rf.predict(classes), ((RandomForest) reload()).predict(classes)));

        GradientTreeBoost gbt = GradientTreeBoost.fit(label, classes, props("smile.gradient_boost.trees", "25"));
        report("GradientTreeBoost", Arrays.equals(gbt.predict(classes), ((GradientTreeBoost) reload()).predict(classes)));

        int[] binary = new int[data.y.length];
        for (int i = 0; i < binary.length; i++) binary[i] = data.y[i] == 0 ? 0 : 1;
        LogisticRegression lr = LogisticRegression.fit(data.x, binary);
        report("LogisticRegression", Arrays.equals(lr.predict(data.x), ((LogisticRegression) reload()).predict(data.x)));

        smile.regression.GradientTreeBoost gbr = smile.regression.GradientTreeBoost.fit(Formula.lhs("target"), numbers,
                props("smile.gradient_boost.trees", "20"));
        report("RegressionGradientTreeBoost",
                Arrays.equals(gbr.predict(numbers), ((smile.regression.GradientTreeBoost) reload()).predict(numbers)));

        KMeans km = KMeans.fit(data.x, 3);
        KMeans back = (KMeans) reload();
        boolean same = true;
        for (double[] row : data.x) same &= km.predict(row) == back.predict(row);
        report("KMeans", same);
    }

    static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private static Object reload() {
        return Mlflow.loadModel("runs:/" + Mlflow.lastActiveRun().runId() + "/model");
    }

    private static void report(String name, boolean equal) {
        System.out.println("MODEL " + name + " " + Mlflow.lastActiveRun().runId() + " " + equal);
    }
}
