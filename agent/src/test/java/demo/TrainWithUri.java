package demo;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;

/**
 * Logs a small run to the configured tracking URI, then makes a synchronous call and prints what it threw with its
 * stack trace, as a user's program would: for the test that no output shows a credential.
 */
public final class TrainWithUri {
    private TrainWithUri() {
    }

    public static void main(String[] args) {
        Mlflow.setExperiment("secrets");
        try (ActiveRun run = Mlflow.startRun("r")) {
            Mlflow.logParam("lr", 0.1);
            Mlflow.logMetric("loss", 0.5);
        }
        try {
            System.out.println("experiments: " + Mlflow.client().searchExperiments("").size());
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }
}
