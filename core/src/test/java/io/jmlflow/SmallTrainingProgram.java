package io.jmlflow;

import java.io.Serializable;

/**
 * A training program as users write one with the fluent API; run in child JVMs. Prints a deterministic result
 * line and the run id, so tests can check that logging never changed what the program did.
 */
public final class SmallTrainingProgram {
    record Model(double slope) implements Serializable {
    }

    public static void main(String[] args) {
        double slope = 0;
        try (ActiveRun run = Mlflow.startRun("small-training")) {
            Mlflow.logParam("epochs", 50);
            for (int epoch = 0; epoch < 50; epoch++) {
                double grad = 2 * (slope - 3.0);
                slope -= 0.1 * grad;
                Mlflow.logMetric("loss", (slope - 3.0) * (slope - 3.0), epoch);
            }
            Mlflow.logText("slope=" + slope + "\n", "result.txt");
            Mlflow.logModel(new Model(slope), "model");
            System.out.println("RUN " + run.runId());
        }
        System.out.printf("RESULT %.6f%n", slope);
        System.exit(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    }
}
