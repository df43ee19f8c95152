package io.jmlflow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Eight threads log metric points into runs of their own as fast as they can for {@code args[0]} seconds. Prints, per
 * thread, its run and point count ({@code THREAD <run> <points>}), the longest single {@code logMetric} call
 * ({@code MAX_WAIT_MS}), and any {@code Throwable} that reached it ({@code CAUGHT}).
 */
public final class EightThreadsProgram {
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        AtomicLong maxWaitNanos = new AtomicLong();
        Thread[] threads = new Thread[8];
        String[] lines = new String[threads.length];
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                long points = 0;
                String runId = null;
                try (ActiveRun run = Mlflow.startRun("thread-" + index)) {
                    runId = run.runId();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        Mlflow.logMetric("m", points, points, 1_700_000_000_000L + points);
                        long took = System.nanoTime() - start;
                        maxWaitNanos.accumulateAndGet(took, Math::max);
                        points++;
                    }
                    runId = run.runId();
                } catch (Throwable e) {
                    System.out.println("CAUGHT " + e);
                }
                lines[index] = "THREAD " + runId + " " + points;
            }, "logger-" + t);
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        for (String line : lines) System.out.println(line);
        System.out.println("MAX_WAIT_MS " + maxWaitNanos.get() / 1_000_000.0);
        System.out.println("DONE");
    }
}
