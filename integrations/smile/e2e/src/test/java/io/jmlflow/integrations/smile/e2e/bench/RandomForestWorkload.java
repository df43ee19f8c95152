package io.jmlflow.integrations.smile.e2e.bench;

import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;

import java.util.Properties;

/**
 * The benchmark's workload, a plain Smile program (no MLflow code): a random forest on {@code rows} rows of
 * {@code features} noisy Gaussian-blob features. Prints {@code FIT_MS <ms>}: the time of the {@code fit} call, which
 * under the agent includes everything autologging does before the call returns (params, metrics, the model), and
 * {@code CPU_MS <ms>}: the CPU time of the whole process so far; {@code FIT_START_MS} / {@code MAIN_END_MS}: the JVM's
 * uptime when the fit starts and when {@code main} ends (what follows is the JVM's exit, which under the agent waits
 * for the post-training work); {@code FIT_THREAD_CPU_MS kind=<ms> ...}: the CPU time used during the fit by the
 * training's threads, ours, the JIT compilers, the collector and the whole process (see {@link ThreadCpu}).
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
        java.lang.management.RuntimeMXBean jvm = java.lang.management.ManagementFactory.getRuntimeMXBean();
        System.out.printf("FIT_START_MS %d%n", jvm.getUptime());
        java.util.Map<String, Double> threadsBefore = ThreadCpu.byKind();
        long start = System.nanoTime();
        RandomForest model = RandomForest.fit(Formula.lhs("label"), data, params);
        long end = System.nanoTime();
        System.out.printf("FIT_THREAD_CPU_MS %s%n", ThreadCpu.difference(threadsBefore, ThreadCpu.byKind()));
        System.out.printf("FIT_MS %.1f OOB %.4f%n", (end - start) / 1e6, model.metrics().accuracy);
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            System.out.printf("CPU_MS %.1f%n", ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e6);
        }
        System.out.printf("MAIN_END_MS %d%n", jvm.getUptime());
    }
}
