package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.GradientTreeBoost;
import smile.classification.RandomForest;
import smile.data.formula.Formula;

/** Two models trained inside one run the program started: {@code USER <run id>}. */
public final class UserRunProgram {
    private UserRunProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(300, 3, 2, 1.0, 3);
        Mlflow.setExperiment("smile-user");
        try (ActiveRun run = Mlflow.startRun("user-run")) {
            Mlflow.logParam("owner", "me");
            RandomForest.fit(Formula.lhs("label"), data.classification(),
                    ModelsProgram.props("smile.random_forest.trees", "10"));
            GradientTreeBoost.fit(Formula.lhs("label"), data.classification(),
                    ModelsProgram.props("smile.gradient_boost.trees", "10"));
            System.out.println("USER " + run.runId());
        }
    }
}
