package io.jmlflow.integrations.smile;

import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.ClassifierPlots;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Java2D's one-time start in a JVM (fonts, the PNG writer: hundreds of milliseconds of CPU) paid on a daemon thread
 * while the first classifier trains, rather than after training, where the program (or its exit) waits for the
 * plots. Only once that training has run for {@link #AFTER_MILLIS}: a shorter one would have to share the cores
 * with it (Smile trains on all of them), for a larger share of its time than the plots later take (at 30 s, a few
 * hundred milliseconds of CPU are under 1% of what a training on 2 cores has used). Draws one tiny
 * plot set in memory and drops it.
 */
final class PlotWarmUp {
    /** How long the first classifier's training runs before the warm-up starts. */
    static final long AFTER_MILLIS = 30_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile boolean firstTrainingEnded;

    private PlotWarmUp() {
    }

    /** The first classifier's training began: the warm-up follows if it is still training after a while. Never throws. */
    static void start() {
        try {
            if (!AutologState.options().logPlots() || !STARTED.compareAndSet(false, true)) return;
            Thread t = new Thread(new Runnable() { // not a lambda: linking one costs the training call ~1 ms
                @Override
                public void run() {
                    drawIfStillTraining();
                }
            }, "mlflow-smile-plot-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        } catch (Throwable e) {
            // only a warm-up: the plots are drawn anyway
        }
    }

    /** A training that may have started the warm-up ended (it is of no use any more). */
    static void trainingEnded() {
        firstTrainingEnded = true;
    }

    private static void drawIfStillTraining() {
        try {
            Thread.sleep(AFTER_MILLIS);
            if (firstTrainingEnded) return;
            ClassifierPlots.draw(new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 0},
                    new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.7, 0.3}}, new String[] {"0", "1"});
        } catch (Throwable e) {
            // only a warm-up
        }
    }
}
