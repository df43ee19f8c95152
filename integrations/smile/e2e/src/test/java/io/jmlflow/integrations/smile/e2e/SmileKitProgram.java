package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.DecisionTree;
import smile.data.formula.Formula;
import smile.validation.metric.Accuracy;

/** The behaviour kit's program for Smile 3 (see {@code AutologBehaviorKit}): a decision tree, deterministic. */
public final class SmileKitProgram {
    private SmileKitProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs data = GaussianBlobs.generate(400, 4, 3, 1.5, 7);
        switch (args[0]) {
            case "train" -> train(data);
            case "fail" -> {
                try {
                    DecisionTree.fit(Formula.lhs("no_such_column"), data.classification());
                } catch (RuntimeException e) {
                    System.out.println("CAUGHT " + e + " AT " + e.getStackTrace()[0]);
                }
            }
            case "user-run" -> UserRun.train(data);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void train(GaussianBlobs data) {
        DecisionTree tree = DecisionTree.fit(Formula.lhs("label"), data.rows(0, 300).classification());
        GaussianBlobs test = data.rows(300, 400);
        System.out.println("RESULT accuracy " + Accuracy.of(test.y, tree.predict(test.classification())));
    }

    /** Loaded only in this mode: it needs jmlflow's API, which only the agent jar brings. */
    static final class UserRun {
        static void train(GaussianBlobs data) {
            try (ActiveRun run = Mlflow.startRun("user-run")) {
                run.logParam("user_param", "1");
                SmileKitProgram.train(data);
            }
        }
    }
}
