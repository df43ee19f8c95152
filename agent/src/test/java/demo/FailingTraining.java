package demo;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.TrackRun;

/** A training run that fails: the exception must leave main unchanged, and the run must end FAILED. */
public final class FailingTraining {
    @TrackRun(name = "diverging", experiment = "agent-it")
    static void train() {
        loss(0);
        System.out.println("training started");
        throw new IllegalStateException("loss diverged at epoch 1");
    }

    @LogMetric(value = "loss", step = "epoch")
    static double loss(int epoch) {
        return 2.5;
    }

    public static void main(String[] args) {
        train();
    }
}
