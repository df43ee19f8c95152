package io.jmlflow.samples.aspectj;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogModel;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training program that only uses the annotations, woven at compile time by ajc (see this module's pom.xml), so
 * it needs no {@code -javaagent}: {@code java -cp <classes, jmlflow-core, jmlflow-aspectj, aspectjrt>
 * io.jmlflow.samples.aspectj.AnnotatedTraining} records one run with params (a record, a POJO, a map, fields),
 * metric history, a nested evaluation run and a model into {@code MLFLOW_TRACKING_URI}.
 */
public final class AnnotatedTraining {
    public record Optimizer(String name, double momentum) {
    }

    public record Config(double lr, int epochs, Optimizer optimizer) {
    }

    /** A POJO with getters. */
    public static final class Sampling {
        private final int batchSize;
        private final boolean shuffle;

        public Sampling(int batchSize, boolean shuffle) {
            this.batchSize = batchSize;
            this.shuffle = shuffle;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public boolean isShuffle() {
            return shuffle;
        }
    }

    /** A POJO without getters that refers to itself. */
    public static final class Node {
        String label = "root";
        Node self = this;
    }

    /** The "model". */
    public record Model(double[] weights) implements Serializable {
    }

    public static final class Trainer {
        @LogParam("dataset")
        private final String dataset = "blobs";
        @LogParam
        private final int seed = 7;

        @TrackRun(name = "training", experiment = "aspectj-sample")
        public double train(@LogParam Config config, @LogParam("opts") Map<String, Object> options,
                            @LogParam Sampling sampling, @LogParam Node graph) {
            double loss = 0;
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                loss = loss(epoch);
                accuracy(epoch);
                scores();
            }
            evaluate("holdout");
            model();
            return loss;
        }

        @LogMetric(value = "loss", step = "epoch")
        public double loss(int epoch) {
            return 1.0 / (epoch + 1);
        }

        @LogMetric("acc")
        public double accuracy(int epoch) {
            return 0.5 + epoch * 0.1;
        }

        @LogMetric
        public Map<String, Number> scores() {
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("f1", 0.8);
            m.put("auc", 0.9f);
            return m;
        }

        @TrackRun(name = "evaluation")
        public void evaluate(@LogParam String split) {
            heldOutScore();
        }

        @LogMetric("heldout.score")
        public double heldOutScore() {
            return 0.75;
        }

        @LogModel("classifier")
        public Model model() {
            return new Model(new double[]{0.1, 0.2});
        }
    }

    public static void main(String[] args) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("layers", 3);
        options.put("activation", "relu");
        options.put("nested", Map.of("dropout", 0.25));
        double loss = new Trainer().train(new Config(0.1, 3, new Optimizer("adam", 0.9)), options,
                new Sampling(32, true), new Node());
        System.out.println("final loss=" + loss);
    }
}
