package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;

/**
 * Starts a run, queues quick post-training work (logs param "quick") and then work that sleeps args[0] ms before
 * logging param "slow", and returns from main: the exit hook must wait for the work, within flush.timeout.ms.
 */
public final class PostTrainingExitProgram {
    public static void main(String[] args) {
        long sleepMs = Long.parseLong(args[0]);
        ActiveRun run = Mlflow.startRun("exit-with-post-training-work");
        System.out.println("RUN " + run.runId());
        PostTrainingWork.submit(run.runId(), "quick-work", () -> run.logParam("quick", "done"));
        PostTrainingWork.submit(run.runId(), "slow-evaluation", () -> {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            run.logParam("slow", "done");
        });
        System.out.println("SUBMITTED");
    }
}
