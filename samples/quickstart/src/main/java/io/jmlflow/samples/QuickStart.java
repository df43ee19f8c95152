package io.jmlflow.samples;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogModel;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

import java.io.Serializable;
import java.util.Random;

/**
 * Trains a logistic regression by gradient descent on generated data. There are no MLflow calls: the
 * annotations say what to log, and the agent ({@code -javaagent:mlflow-agent.jar}) logs it to MLflow.
 *
 * <pre>bash scripts/run-sample.sh annotations</pre>
 */
public class QuickStart {

    /** The trained model: weights and bias. Serializable, so MLflow can store and load it. */
    public record LogisticModel(double[] weights, double bias) implements Serializable {
        public double predict(double[] x) {
            double z = bias;
            for (int j = 0; j < x.length; j++) z += weights[j] * x[j];
            return 1 / (1 + Math.exp(-z));
        }
    }

    /** Hyperparameters, flattened into params {@code config.learningRate}, {@code config.epochs}, ... */
    public record Config(double learningRate, int epochs, double l2) {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        double[][] x = new double[rows][];
        int[] y = new int[rows];
        makeBlobs(x, y, 42);
        LogisticModel model = new QuickStart().train(new Config(0.5, 30, 1e-4), "blobs-" + rows, x, y);
        System.out.printf("trained: training accuracy %.3f%n", accuracy(model, x, y));
    }

    @TrackRun(name = "logistic-regression", experiment = "quickstart")
    @LogModel("model")
    public LogisticModel train(@LogParam("config") Config config, @LogParam("dataset") String dataset,
                               double[][] x, int[] y) {
        double[] w = new double[x[0].length];
        double[] b = {0};
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            epoch(config, x, y, w, b, epoch);
        }
        LogisticModel model = new LogisticModel(w, b[0]);
        accuracy(model, x, y, config.epochs());
        return model;
    }

    /** One pass of gradient descent; the returned loss is logged as metric history over epochs. */
    @LogMetric(value = "loss", step = "epoch")
    double epoch(Config c, double[][] x, int[] y, double[] w, double[] b, int epoch) {
        double[] grad = new double[w.length];
        double gradB = 0;
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            double p = new LogisticModel(w, b[0]).predict(x[i]);
            double err = p - y[i];
            for (int j = 0; j < w.length; j++) grad[j] += err * x[i][j];
            gradB += err;
            loss -= y[i] * Math.log(Math.max(p, 1e-12)) + (1 - y[i]) * Math.log(Math.max(1 - p, 1e-12));
        }
        for (int j = 0; j < w.length; j++) w[j] -= c.learningRate() * (grad[j] / x.length + c.l2() * w[j]);
        b[0] -= c.learningRate() * gradB / x.length;
        return loss / x.length;
    }

    @LogMetric(value = "train_accuracy", step = "step")
    static double accuracy(LogisticModel m, double[][] x, int[] y, int step) {
        return accuracy(m, x, y);
    }

    static double accuracy(LogisticModel m, double[][] x, int[] y) {
        int ok = 0;
        for (int i = 0; i < x.length; i++) if ((m.predict(x[i]) >= 0.5 ? 1 : 0) == y[i]) ok++;
        return (double) ok / x.length;
    }

    /** Two Gaussian blobs in 4 dimensions, shifted apart: a learnable, slightly noisy problem. */
    static void makeBlobs(double[][] x, int[] y, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 2;
            double shift = y[i] == 1 ? 1.0 : -1.0;
            x[i] = new double[] {r.nextGaussian() + shift, r.nextGaussian() + 0.5 * shift, r.nextGaussian(),
                r.nextGaussian() - 0.3 * shift};
        }
    }
}
