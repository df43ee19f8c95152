package io.jmlflow.samples.aspectj;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.TrackRun;

import java.io.IOException;

/**
 * A training run that fails, woven at compile time. The run ends FAILED and the exception reaches the caller as
 * it was thrown: {@code main} lets an unchecked one end the program; with the argument {@code checked} it catches a
 * checked one and prints whether it is the very object that was thrown, unwrapped.
 */
public final class FailingTraining {
    static Exception thrown;

    @TrackRun(name = "diverging", experiment = "aspectj-sample")
    static void train() {
        loss(0);
        System.out.println("training started");
        IllegalStateException e = new IllegalStateException("loss diverged at epoch 1");
        thrown = e;
        throw e;
    }

    @TrackRun(name = "unreadable", experiment = "aspectj-sample")
    static void load() throws IOException {
        IOException e = new IOException("data file unreadable");
        thrown = e;
        throw e;
    }

    @LogMetric(value = "loss", step = "epoch")
    static double loss(int epoch) {
        return 2.5;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("checked")) {
            try {
                load();
            } catch (IOException e) {
                System.out.println("caught the thrown exception: " + (e == thrown) + ", message: " + e.getMessage()
                        + ", cause: " + e.getCause() + ", suppressed: " + e.getSuppressed().length);
            }
            return;
        }
        train();
    }
}
