package io.jmlflow.integrations.smile;

import io.jmlflow.autolog.AutologState;
import io.jmlflow.autolog.ClassifierPlots;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Java2D's one-time start in a JVM (fonts, the PNG writer: hundreds of milliseconds) paid on a daemon thread while
 * the first classifier trains, rather than after training, where the program (or its exit) waits for the plots.
 * Draws one tiny plot set in memory and drops it.
 */
final class PlotWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private PlotWarmUp() {
    }

    /** Starts the warm-up once per JVM, when plots are on. Never throws. */
    static void start() {
        try {
            if (!AutologState.options().logPlots() || !STARTED.compareAndSet(false, true)) return;
            Thread t = new Thread(PlotWarmUp::draw, "mlflow-smile-plot-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        } catch (Throwable e) {
            // only a warm-up: the plots are drawn anyway
        }
    }

    private static void draw() {
        try {
            ClassifierPlots.draw(new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 0},
                    new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.7, 0.3}}, new String[] {"0", "1"});
        } catch (Throwable e) {
            // only a warm-up
        }
    }
}
