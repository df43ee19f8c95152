package io.jmlflow.bench;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;

import java.util.Locale;

/**
 * A whole program of the process benchmark ({@link ProcessBenchmark}): {@code runs} runs in a loop through the
 * fluent API, each logging {@code points} points of one metric, into the tracking URI the environment names (no
 * agent). Prints {@code LOOP_MS <ms>}: from the first {@code startRun} to the return of the last run's
 * {@code close()}, what the loop made the program wait.
 *
 * <p>Arguments: {@code [runs] [points]} (defaults 40 and 10).
 */
public final class FluentLoopProgram {
    private FluentLoopProgram() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long start = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            try (ActiveRun run = Mlflow.startRun("loop-" + r)) {
                for (int step = 0; step < points; step++) Mlflow.logMetric("loss", 1.0 / (1 + r + step), step);
            }
        }
        System.out.printf(Locale.ROOT, "LOOP_MS %.1f%n", (System.nanoTime() - start) / 1e6);
    }
}
