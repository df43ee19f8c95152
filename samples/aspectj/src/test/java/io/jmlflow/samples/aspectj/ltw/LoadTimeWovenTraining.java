package io.jmlflow.samples.aspectj.ltw;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

/**
 * Compiled by plain javac (it is a test source): only load-time weaving, {@code -javaagent:aspectjweaver.jar} with
 * {@code META-INF/aop.xml}, makes its annotations record anything.
 */
public final class LoadTimeWovenTraining {
    public record Config(double lr, int epochs) {
    }

    public static final class Trainer {
        @LogParam("model.kind")
        private final String kind = "linear";

        @TrackRun(name = "ltw-training", experiment = "aspectj-ltw")
        public double train(@LogParam Config config) {
            double loss = 0;
            describe("sgd");
            for (int epoch = 0; epoch < config.epochs(); epoch++) loss = loss(epoch);
            validate(3);
            return loss;
        }

        /** Only a {@code @LogParam} parameter: logs into the run of the caller. */
        public void describe(@LogParam("optimizer") String name) {
        }

        @LogMetric(value = "loss", step = "epoch")
        public double loss(int epoch) {
            return 1.0 / (epoch + 2);
        }

        @TrackRun(name = "ltw-validation")
        public void validate(@LogParam("folds") int folds) {
            if (folds > 5) throw new IllegalArgumentException("too many folds");
        }

        @TrackRun(name = "ltw-broken", experiment = "aspectj-ltw")
        public void broken() {
            throw new IllegalStateException("broken on purpose");
        }
    }

    public static void main(String[] args) {
        Trainer trainer = new Trainer();
        System.out.println("final loss=" + trainer.train(new Config(0.05, 2)));
        try {
            trainer.broken();
        } catch (IllegalStateException e) {
            System.out.println("caught: " + e.getMessage());
        }
    }
}
