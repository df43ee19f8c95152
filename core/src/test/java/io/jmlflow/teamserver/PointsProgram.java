package io.jmlflow.teamserver;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;

/**
 * A training loop as a user writes it, against {@code MLFLOW_TRACKING_URI}: a param and a tag, {@code points} metric
 * points over 10 keys (step i / 10), the tag changed every 50,000 points, and the run's end. Prints
 * {@code RUN <id>}. Argument: {@code points}.
 */
public final class PointsProgram {
    private PointsProgram() {
    }

    public static void main(String[] args) {
        long points = Long.parseLong(args[0]);
        try (ActiveRun run = Mlflow.startRun("points")) {
            run.logParam("points", points);
            long ts = System.currentTimeMillis();
            for (long i = 0; i < points; i++) {
                if (i % 50_000 == 0) run.setTag("phase", Long.toString(i / 50_000));
                run.logMetric("m" + (i % 10), i, i / 10, ts);
            }
            System.out.println("RUN " + run.runId());
        }
    }
}
