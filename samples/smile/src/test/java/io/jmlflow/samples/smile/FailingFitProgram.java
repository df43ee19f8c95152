package io.jmlflow.samples.smile;

import smile.classification.RandomForest;
import smile.data.formula.Formula;

/** A fit that throws (the response column does not exist), caught by the program, then one that works. */
public final class FailingFitProgram {
    private FailingFitProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(200, 3, 2, 1.0, 9);
        try {
            RandomForest.fit(Formula.lhs("no_such_column"), data.classification());
            System.out.println("no exception");
        } catch (RuntimeException e) {
            System.out.println("caught " + e.getClass().getName() + ": " + e.getMessage());
        }
        RandomForest rf = RandomForest.fit(Formula.lhs("label"), data.classification(),
                ModelsProgram.props("smile.random_forest.trees", "5"));
        System.out.println("trained " + rf.size() + " trees");
    }
}
