package io.jmlflow;

import java.io.Serializable;

/**
 * A program that sets its experiment, starts a run, logs and saves a model, as users write one with the fluent API;
 * it prints how long each step made it wait, in milliseconds ({@code SET_EXPERIMENT_MS}, {@code START_RUN_MS},
 * {@code LOG_MS}, {@code END_MS}). Arguments: the experiment name and the number of points.
 */
public final class OfflineProgram {
    record Model(double slope) implements Serializable {
    }

    public static void main(String[] args) {
        int points = Integer.parseInt(args[1]);
        long t = System.nanoTime();
        Mlflow.setExperiment(args[0]);
        System.out.println("SET_EXPERIMENT_MS " + (System.nanoTime() - t) / 1_000_000);
        t = System.nanoTime();
        ActiveRun run = Mlflow.startRun("offline-run");
        System.out.println("START_RUN_MS " + (System.nanoTime() - t) / 1_000_000);
        t = System.nanoTime();
        run.logParam("points", points);
        for (int i = 0; i < points; i++) run.logMetric("loss", 1.0 / (i + 1), i, 1_700_000_000_000L + i);
        Mlflow.logModel(new Model(0.5), "model");
        System.out.println("LOG_MS " + (System.nanoTime() - t) / 1_000_000);
        t = System.nanoTime();
        run.close();
        System.out.println("END_MS " + (System.nanoTime() - t) / 1_000_000);
        System.out.println("DONE");
    }
}
