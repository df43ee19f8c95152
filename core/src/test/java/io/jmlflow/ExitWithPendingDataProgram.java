package io.jmlflow;

/** Logs many points and exits at once, leaving the run open: the exit hook must flush within its bound. */
public final class ExitWithPendingDataProgram {
    public static void main(String[] args) {
        int points = Integer.parseInt(args[0]);
        ActiveRun run = Mlflow.startRun("exit-with-pending");
        System.out.println("RUN " + run.runId());
        for (int i = 0; i < points; i++) Mlflow.logMetric("m", i, i, 1_700_000_000_000L + i);
        System.out.println("DONE");
        System.exit(0);
    }
}
