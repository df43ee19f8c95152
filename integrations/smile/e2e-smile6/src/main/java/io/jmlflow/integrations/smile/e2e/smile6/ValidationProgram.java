package io.jmlflow.integrations.smile.e2e.smile6;

import io.jmlflow.samples.smile6.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.formula.Formula;
import smile.model.ClassificationModel;
import smile.model.Model;
import smile.validation.CrossValidation;

import java.util.Properties;

/**
 * A test program: a 3-fold cross-validation of a random forest, and Smile 6's {@code Model.classification}, which
 * cross-validates a gradient boosting model and evaluates it on a test set, with no MLflow code.
 */
public final class ValidationProgram {
    private ValidationProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(450, 4, 3, 1.5, 5);
        Formula label = Formula.lhs("label");

        var cv = CrossValidation.classification(3, label, data.classification(),
                (f, d) -> RandomForest.fit(f, d, new RandomForest.Options(12)));
        System.out.println("CV accuracy " + cv.avg().accuracy());

        Properties params = new Properties();
        params.setProperty("smile.gradient_boost.trees", "15");
        ClassificationModel model = Model.classification("gradient-boost", label, data.rows(0, 300).classification(),
                data.rows(300, 450).classification(), params, 3, 1, false);
        System.out.println("MODEL validation " + model.validation().accuracy() + " test " + model.test().accuracy());
    }
}
