package io.jmlflow.bench;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * One Java client of {@link TeamServerBenchmark}: creates a run on the server ({@code MLFLOW_TRACKING_URI}), says it
 * is ready, waits for the go, logs {@code points} metric points (10 keys) through the async logger as a training loop
 * does, flushes, and prints {@code RESULT <start ms> <end ms> <points>}.
 *
 * <p>Arguments: {@code readyFile goFile points}.
 */
public final class TeamClientProgram {
    private TeamClientProgram() {
    }

    public static void main(String[] args) throws Exception {
        Path ready = Paths.get(args[0]);
        Path go = Paths.get(args[1]);
        long points = Long.parseLong(args[2]);
        try (ActiveRun run = Mlflow.startRun("team-bench-java")) {
            run.setTag("client", "java");
            if (!Mlflow.flush()) throw new IllegalStateException("the run was not created");
            Files.writeString(ready, "");
            while (!Files.exists(go)) Thread.sleep(2);
            long start = System.currentTimeMillis();
            String[] keys = new String[10];
            for (int k = 0; k < keys.length; k++) keys[k] = "m" + k;
            for (long i = 0; i < points; i++) run.logMetric(keys[(int) (i % 10)], i, i / 10, start);
            if (!Mlflow.flush()) throw new IllegalStateException("flush did not complete");
            long end = System.currentTimeMillis();
            System.out.println("RESULT " + start + " " + end + " " + points);
        }
    }
}
