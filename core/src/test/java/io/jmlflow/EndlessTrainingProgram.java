package io.jmlflow;

/** Logs forever (flushing now and then and saying how far it got), until the test kills it with SIGKILL. */
public final class EndlessTrainingProgram {
    public static void main(String[] args) {
        ActiveRun run = Mlflow.startRun("killed");
        System.out.println("RUN " + run.runId());
        Mlflow.logParam("kind", "endless");
        for (long i = 0; ; i++) {
            Mlflow.logMetric("loss", 1.0 / (i + 1), i, 1_700_000_000_000L + i);
            if (i % 20_000 == 19_999) {
                Mlflow.flush();
                System.out.println("FLUSHED " + (i + 1));
            }
        }
    }
}
