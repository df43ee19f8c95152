package io.jmlflow.samples.smile.bench;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;

import java.util.Properties;

/**
 * The benchmark's workload, a plain Smile program (no MLflow code): a random forest on {@code rows} rows of
 * {@code features} noisy Gaussian-blob features. Prints {@code FIT_MS <ms>}: the time of the {@code fit} call, which
 * under the agent includes everything autologging does before the call returns (params, metrics, the model), and
 * {@code CPU_MS <ms>}: the CPU time of the whole process so far.
 */
public final class RandomForestWorkload {
    private RandomForestWorkload() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int trees = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int features = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        DataFrame data = GaussianBlobs.generate(rows, features, 3, 3.0, 42).classification();
        Properties params = new Properties();
        params.setProperty("smile.random_forest.trees", String.valueOf(trees));
        long start = System.nanoTime();
        RandomForest model = RandomForest.fit(Formula.lhs("label"), data, params);
        long end = System.nanoTime();
        System.out.printf("FIT_MS %.1f OOB %.4f%n", (end - start) / 1e6, model.metrics().accuracy);
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            System.out.printf("CPU_MS %.1f%n", ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e6);
        }
    }
}
