package io.jmlflow.samples.smile;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;
import smile.classification.GradientTreeBoost;
import smile.data.formula.Formula;

import java.util.Properties;

/**
 * Smile training in a run the program names with annotations: {@code @TrackRun} opens the run, {@code @LogParam}
 * adds the program's own params, {@code @LogMetric} logs the test accuracy; the agent's Smile autologging adds the
 * model's hyperparameters, training metrics and the model to that same run.
 */
public class TrackedBlobsTraining {
    private static final Formula FORMULA = Formula.lhs("label");

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(2_000, 4, 3, 1.5, 11);
        TrackedBlobsTraining job = new TrackedBlobsTraining();
        job.train(60, 0.1, "blobs-2000", data.rows(0, 1_500), data.rows(1_500, 2_000));
    }

    @TrackRun(name = "blobs-gradient-boosting", experiment = "smile-samples")
    public GradientTreeBoost train(@LogParam("boosting_rounds") int trees, @LogParam("learning_rate") double shrinkage,
                                   @LogParam("dataset") String dataset, GaussianBlobs train, GaussianBlobs test) {
        Properties params = new Properties();
        params.setProperty("smile.gradient_boost.trees", String.valueOf(trees));
        params.setProperty("smile.gradient_boost.shrinkage", String.valueOf(shrinkage));
        GradientTreeBoost model = GradientTreeBoost.fit(FORMULA, train.classification(), params);
        System.out.printf("gradient boosting on %s: test accuracy %.4f%n", dataset, testAccuracy(model, test));
        return model;
    }

    @LogMetric("test_accuracy")
    double testAccuracy(GradientTreeBoost model, GaussianBlobs test) {
        int[] predicted = model.predict(test.classification());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == test.y[i]) right++;
        return right / (double) predicted.length;
    }
}
