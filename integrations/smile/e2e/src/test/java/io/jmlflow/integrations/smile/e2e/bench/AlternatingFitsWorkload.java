package io.jmlflow.integrations.smile.e2e.bench;

import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.smile.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;

import java.util.Locale;
import java.util.Properties;

/**
 * The side-by-side measurement inside one JVM, started with the agent and everything on: pairs of the same random
 * forest fit ({@link RandomForestWorkload}'s), one with autologging on and one with it off ({@code
 * Mlflow.autolog(disable)}: the advice is in place but does nothing), the order alternating from pair to pair, after
 * one untimed fit of each. Before each fit the previous fit's post-training work (model, metrics, plots) is awaited
 * ({@link Mlflow#flush()}) and the heap collected, so that no fit runs beside another's logging. Both fits of a pair
 * run within seconds of each other, so load on a shared machine, which moves fresh JVMs' fits by seconds, hits them
 * alike. Left out: the one-off cost of a process's first fit (loading and compiling the agent's code), which
 * {@link SmileOverheadBenchmark}'s fresh JVMs include.
 *
 * <p>Arguments: rows trees features pairs. Prints {@code PAIR <i> on_ms=<> off_ms=<> on_cpu_ms=<> off_cpu_ms=<>}
 * (wall and process CPU time of each fit).
 */
public final class AlternatingFitsWorkload {
    private AlternatingFitsWorkload() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int trees = Integer.parseInt(args[1]);
        int features = Integer.parseInt(args[2]);
        int pairs = Integer.parseInt(args[3]);
        DataFrame data = GaussianBlobs.generate(rows, features, 3, 3.0, 42).classification();
        Properties params = new Properties();
        params.setProperty("smile.random_forest.trees", String.valueOf(trees));
        fit(data, params, true);
        fit(data, params, false);
        for (int i = 0; i < pairs; i++) {
            boolean onFirst = i % 2 == 0;
            double[] first = fit(data, params, onFirst);
            double[] second = fit(data, params, !onFirst);
            double[] on = onFirst ? first : second;
            double[] off = onFirst ? second : first;
            System.out.printf(Locale.ROOT, "PAIR %d on_ms=%.1f off_ms=%.1f on_cpu_ms=%.1f off_cpu_ms=%.1f%n", i + 1,
                    on[0], off[0], on[1], off[1]);
        }
    }

    /** One fit with autologging on or off; returns {wall ms, process CPU ms} of the {@code fit} call alone. */
    private static double[] fit(DataFrame data, Properties params, boolean autolog) {
        Mlflow.autolog(AutologOptions.create().disable(!autolog));
        System.gc();
        double cpu = ThreadCpu.processCpuMillis();
        long start = System.nanoTime();
        RandomForest.fit(Formula.lhs("label"), data, params);
        double wall = (System.nanoTime() - start) / 1e6;
        double cpuMs = ThreadCpu.processCpuMillis() - cpu;
        if (!Mlflow.flush()) throw new IllegalStateException("the post-training work did not finish in time");
        return new double[] {wall, cpuMs};
    }
}
