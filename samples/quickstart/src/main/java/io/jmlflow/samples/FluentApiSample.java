package io.jmlflow.samples;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.RunOptions;

/**
 * Explicit logging with the fluent API (no agent needed): an experiment, a run with params, metric history,
 * a tag, a nested run and a text artifact.
 */
public class FluentApiSample {
    public static void main(String[] args) throws Exception {
        Mlflow.setExperiment("fluent-sample");
        try (ActiveRun run = Mlflow.startRun("grid-search")) {
            Mlflow.logParam("search", "grid");
            for (double lr : new double[] {0.1, 0.01}) {
                Mlflow.withRun(RunOptions.named("lr-" + lr), () -> {
                    Mlflow.logParam("learning_rate", lr);
                    for (int step = 0; step < 10; step++) {
                        Mlflow.logMetric("loss", 1.0 / (1 + lr * 10 * step), step);
                    }
                    return null;
                });
            }
            Mlflow.setTag("best_learning_rate", "0.1");
            Mlflow.logText("searched learning rates 0.1 and 0.01\n", "notes/summary.txt");
        }
    }
}
