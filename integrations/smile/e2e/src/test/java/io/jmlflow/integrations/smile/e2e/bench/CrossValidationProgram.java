package io.jmlflow.integrations.smile.e2e.bench;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.DecisionTree;
import smile.data.formula.Formula;
import smile.validation.ClassificationValidations;
import smile.validation.CrossValidation;

/**
 * A whole program of the process benchmark ({@code scripts/bench.sh --only process}), with no MLflow code: a
 * {@code folds}-fold {@code CrossValidation} of a decision tree on {@code rows} x {@code features} Gaussian blobs,
 * then the printed mean accuracy.
 *
 * <p>Arguments: {@code rows features folds}.
 */
public final class CrossValidationProgram {
    private CrossValidationProgram() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int features = Integer.parseInt(args[1]);
        int folds = Integer.parseInt(args[2]);
        GaussianBlobs blobs = GaussianBlobs.generate(rows, features, 3, 3.0, 42);
        ClassificationValidations<DecisionTree> cv = CrossValidation.classification(folds, Formula.lhs("label"),
                blobs.classification(), (formula, data) -> DecisionTree.fit(formula, data));
        System.out.printf("decision tree, %d-fold cross-validation: accuracy %.4f%n", folds, cv.avg.accuracy);
    }
}
