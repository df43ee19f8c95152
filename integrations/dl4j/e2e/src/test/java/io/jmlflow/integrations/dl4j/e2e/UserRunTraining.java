package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.dl4j.IrisClassifier;

/**
 * Test fixture (not a sample): trains {@link IrisClassifier} ({@code args[2]} times, default once, each time a new
 * model) inside a run the program starts itself, then logs a metric of its own and ends the run; prints
 * {@code USER_RUN=<id>}. Arguments: epochs, batch size, number of models.
 */
public final class UserRunTraining {
    private UserRunTraining() {
    }

    public static void main(String[] args) throws Exception {
        try (ActiveRun run = Mlflow.startRun("my-own-run")) {
            System.out.println("USER_RUN=" + run.runId());
            int models = args.length > 2 ? Integer.parseInt(args[2]) : 1;
            for (int i = 0; i < models; i++) IrisClassifier.main(new String[] {args[0], args[1]});
            Mlflow.logMetric("after_training", 1.0);
        }
    }
}
