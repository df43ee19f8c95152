package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.formula.Formula;

/** Eight small random forests in a row, then {@code System.exit} at once: each autologged run must still report. */
public final class ManyFitsProgram {
    private ManyFitsProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(300, 4, 3, 1.5, 5);
        for (int i = 0; i < 8; i++) {
            RandomForest rf = RandomForest.fit(Formula.lhs("label"), data.classification(),
                    ModelsProgram.props("smile.random_forest.trees", Integer.toString(3 + i)));
            System.out.println("FIT " + rf.size());
        }
        System.exit(0);
    }
}
