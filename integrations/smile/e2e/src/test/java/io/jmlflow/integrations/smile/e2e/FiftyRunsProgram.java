package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.DecisionTree;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.validation.metric.Accuracy;

/**
 * A user's loop of 50 trainings with no MLflow code, as a quick sweep is written: random forests, decision trees,
 * gradient boosting and logistic regressions in turn, each on its own sample, and every other model scored on test
 * rows with {@code Accuracy.of} (a metric logged after training, onto the model). Prints {@code FIT <i>} per model.
 */
public final class FiftyRunsProgram {
    static final int RUNS = 50;

    private FiftyRunsProgram() {
    }

    public static void main(String[] args) {
        Formula formula = Formula.lhs("label");
        for (int i = 0; i < RUNS; i++) {
            GaussianBlobs all = GaussianBlobs.generate(260, 4, 3, 1.5 + (i % 7) * 0.2, 100 + i);
            GaussianBlobs train = all.rows(0, 200);
            GaussianBlobs test = all.rows(200, 260);
            DataFrame frame = train.classification();
            int[] predicted;
            switch (i % 4) {
                case 0 -> {
                    RandomForest m = RandomForest.fit(formula, frame,
                            ModelsProgram.props("smile.random_forest.trees", Integer.toString(3 + i % 5)));
                    predicted = m.predict(test.classification());
                }
                case 1 -> {
                    DecisionTree m = DecisionTree.fit(formula, frame);
                    predicted = m.predict(test.classification());
                }
                case 2 -> {
                    GradientTreeBoost m = GradientTreeBoost.fit(formula, frame,
                            ModelsProgram.props("smile.gbt.trees", "5"));
                    predicted = m.predict(test.classification());
                }
                default -> {
                    LogisticRegression m = LogisticRegression.fit(train.x, train.y);
                    predicted = new int[test.x.length];
                    for (int r = 0; r < predicted.length; r++) predicted[r] = m.predict(test.x[r]);
                }
            }
            if (i % 2 == 0) System.out.println("RESULT accuracy_" + i + " " + Accuracy.of(test.y, predicted));
            System.out.println("FIT " + i);
        }
    }
}
