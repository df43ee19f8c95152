package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.Mlflow;
import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;
import smile.validation.ClassificationValidation;
import smile.validation.metric.Accuracy;
import smile.validation.metric.RMSE;

/**
 * Trains and evaluates as a user would, with no MLflow code: the same forest twice on equal data and once on other
 * rows; the first forest evaluated on two held-out sets ({@code model.predict} then {@code Accuracy.of}); a
 * {@code ClassificationValidation.of} (train and evaluate in one call); a regressor evaluated with {@code RMSE.of};
 * a logistic regression on row arrays. Prints {@code RUN <name> <run id>} and {@code EVAL <name> <value>}.
 */
public final class EvaluationProgram {
    private EvaluationProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs all = GaussianBlobs.generate(700, 4, 3, 2.0, 13);
        Formula label = Formula.lhs("label");
        DataFrame train = all.rows(0, 500).classification();

        RandomForest rf = RandomForest.fit(label, train, ModelsProgram.props("smile.random_forest.trees", "20"));
        run("first");
        RandomForest.fit(label, all.rows(0, 500).classification(), ModelsProgram.props("smile.random_forest.trees", "20"));
        run("same");
        RandomForest.fit(label, all.rows(100, 600).classification(),
                ModelsProgram.props("smile.random_forest.trees", "20"));
        run("other");

        GaussianBlobs test = all.rows(500, 700);
        int[] predicted = rf.predict(test.classification());
        System.out.println("EVAL first " + Accuracy.of(test.y, predicted));
        GaussianBlobs second = all.rows(600, 700);
        System.out.println("EVAL first_second " + Accuracy.of(second.y, rf.predict(second.classification())));

        ClassificationValidation<RandomForest> validation = ClassificationValidation.of(label, train,
                test.classification(), (f, d) -> RandomForest.fit(f, d, ModelsProgram.props("smile.random_forest.trees", "20")));
        run("validated");
        System.out.println("EVAL validated " + validation.metrics.accuracy);

        GradientTreeBoost gbr = GradientTreeBoost.fit(Formula.lhs("target"), all.rows(0, 500).regression(),
                ModelsProgram.props("smile.gradient_boost.trees", "20"));
        run("regression");
        System.out.println("EVAL regression " + RMSE.of(test.target, gbr.predict(test.regression())));

        LogisticRegression.fit(all.rows(0, 500).x, all.rows(0, 500).y);
        run("arrays");
    }

    private static void run(String name) {
        System.out.println("RUN " + name + " " + Mlflow.lastActiveRun().runId());
    }
}
