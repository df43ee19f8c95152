package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.DecisionTree;
import smile.classification.RandomForest;
import smile.data.formula.Formula;
import smile.validation.Bootstrap;
import smile.validation.ClassificationMetrics;
import smile.validation.ClassificationValidations;
import smile.validation.CrossValidation;
import smile.validation.LOOCV;

import java.util.Properties;

/** A 4-fold cross-validation, a 3-round bootstrap and a leave-one-out validation, with no MLflow code. */
public final class ValidationProgram {
    private ValidationProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(400, 4, 3, 1.5, 5);
        Formula label = Formula.lhs("label");
        Properties p = new Properties();
        p.setProperty("smile.random_forest.trees", "15");

        ClassificationValidations<RandomForest> cv = CrossValidation.classification(4, label, data.classification(),
                (f, d) -> RandomForest.fit(f, d, p));
        System.out.println("CV accuracy " + cv.avg.accuracy);
        for (int i = 0; i < cv.rounds.size(); i++) {
            System.out.println("CV round " + (i + 1) + " accuracy " + cv.rounds.get(i).metrics.accuracy);
        }

        ClassificationValidations<DecisionTree> boot = Bootstrap.classification(3, label, data.classification(),
                (f, d) -> DecisionTree.fit(f, d));
        System.out.println("bootstrap accuracy " + boot.avg.accuracy);

        ClassificationMetrics loo = LOOCV.classification(label, data.rows(0, 40).classification(),
                (f, d) -> DecisionTree.fit(f, d));
        System.out.println("LOOCV accuracy " + loo.accuracy);
    }
}
