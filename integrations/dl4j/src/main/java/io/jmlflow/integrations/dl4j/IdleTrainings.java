package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.Log;

import java.util.concurrent.TimeUnit;

/**
 * Ends trainings that no call ends (hand-written loops of {@code fit(DataSet)} or single-epoch {@code fit(iterator)}
 * calls) once the model has stopped training: when it has not trained for {@code autolog.dl4j.idle.end.ms}
 * (default 10,000) and for five times the longest pause between two of its {@code fit} calls so far (a loop that
 * evaluates between epochs is not cut short). Its model is then logged and its run ends FINISHED, as when training
 * ends otherwise; a later {@code fit} of the model starts a new run. One daemon thread, started with the first such
 * training, checking twice a second.
 */
final class IdleTrainings {
    static final long PAUSE_FACTOR = 5;
    private static final long CHECK_MILLIS = 500;
    private static Thread watcher;

    private IdleTrainings() {
    }

    /** Starts the watcher once. */
    static synchronized void watch() {
        if (watcher != null) return;
        Thread t = new Thread(IdleTrainings::run, "mlflow-dl4j-idle");
        t.setDaemon(true);
        try {
            t.start();
            watcher = t;
        } catch (Throwable e) {
            Log.warnOnce("dl4j-idle", "dl4j autologging could not start its thread ending idle trainings (" + e
                    + "): trainings of separate fit calls end when another model trains or at exit");
        }
    }

    private static void run() {
        while (true) {
            try {
                Thread.sleep(CHECK_MILLIS);
                check(System.nanoTime());
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Log.warnOnce("dl4j-idle-check", "dl4j autologging could not end an idle training: " + t);
            }
        }
    }

    /** Ends the trainings idle at {@code now} (System.nanoTime). */
    static void check(long now) {
        for (Dl4jTraining s : Dl4jRun.open()) {
            if (!s.idleLoop()) continue;
            long bound = Math.max(TimeUnit.MILLISECONDS.toNanos(s.idleEndMillis()), PAUSE_FACTOR * s.longestPauseNanos());
            if (s.idleNanos(now) >= bound) Dl4jRun.finishIdle(s);
        }
    }
}
