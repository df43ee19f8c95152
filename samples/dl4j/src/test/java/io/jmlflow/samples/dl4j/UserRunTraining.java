package io.jmlflow.samples.dl4j;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;

/**
 * Test fixture (not a sample): trains {@link IrisClassifier} inside a run the program starts itself, then logs a
 * metric of its own and ends the run; prints {@code USER_RUN=<id>}.
 */
public final class UserRunTraining {
    private UserRunTraining() {
    }

    public static void main(String[] args) throws Exception {
        try (ActiveRun run = Mlflow.startRun("my-own-run")) {
            System.out.println("USER_RUN=" + run.runId());
            IrisClassifier.main(args);
            Mlflow.logMetric("after_training", 1.0);
        }
    }
}
