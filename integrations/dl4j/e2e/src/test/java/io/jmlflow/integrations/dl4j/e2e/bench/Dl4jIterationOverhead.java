package io.jmlflow.integrations.dl4j.e2e.bench;

import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.dl4j.IrisData;
import io.jmlflow.samples.dl4j.SyntheticMlp;
import io.jmlflow.testing.PairedStats;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The per-iteration cost of DL4J autologging, without the one-off costs (agent set-up, store, model logging): in
 * one JVM started with the agent, two identical MLPs train one epoch at a time, in turn, one with autologging
 * switched off ({@code Mlflow.autolog(disable)}: the advice is there but does nothing, no listener) and one with it
 * on (listener, metrics every {@code autolog.dl4j.log.every.n.iterations} iterations, the asynchronous writer).
 * Single-epoch {@code fit(iterator)} calls keep one run open, so no model is logged until exit. Run by
 * {@link Dl4jOverheadBenchmark}.
 *
 * <p>Arguments: rows features hidden batch rounds.
 */
public final class Dl4jIterationOverhead {
    private Dl4jIterationOverhead() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int features = Integer.parseInt(args[1]);
        int hidden = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        DataSet data = IrisData.synthetic(rows, features, 5, 5);
        DataSetIterator train = new ListDataSetIterator<>(data.asList(), batch);
        MultiLayerNetwork off = new MultiLayerNetwork(SyntheticMlp.configuration(features, hidden, 5));
        off.init();
        MultiLayerNetwork on = new MultiLayerNetwork(SyntheticMlp.configuration(features, hidden, 5));
        on.init();
        epoch(off, train, false);
        epoch(on, train, true); // warm-up, and the run's one-off costs (run, params, artifacts)
        double[][] offMs = new double[4][rounds];
        double[][] onMs = new double[4][rounds];
        for (int r = 0; r < rounds; r++) {
            boolean onFirst = r % 2 == 1;
            double[] a = epoch(onFirst ? on : off, train, onFirst);
            double[] b = epoch(onFirst ? off : on, train, !onFirst);
            double[] offR = onFirst ? b : a;
            double[] onR = onFirst ? a : b;
            for (int k = 0; k < 4; k++) {
                offMs[k][r] = offR[k];
                onMs[k][r] = onR[k];
            }
        }
        int iterations = (rows + batch - 1) / batch;
        String[] names = {"epoch wall", "epoch CPU (training thread)", "epoch CPU (process)", "epoch CPU (mlflow threads)"};
        System.out.printf(Locale.ROOT, "per epoch of %d iterations, %d rounds, medians: autolog off / on, paired difference%n",
                iterations, rounds);
        for (int k = 0; k < 4; k++) {
            double[] d = new double[rounds];
            for (int r = 0; r < rounds; r++) d[r] = onMs[k][r] - offMs[k][r];
            System.out.printf(Locale.ROOT, "  %-30s %8.0f / %8.0f ms   %+7.1f ms (%+.2f%%, %+.1f us per iteration)%n",
                    names[k], median(offMs[k]), median(onMs[k]), median(d), 100 * median(d) / median(offMs[k]),
                    1000 * median(d) / iterations);
        }
    }

    /** One epoch; returns {wall, thread CPU, process CPU, CPU of the agent's own threads} in ms. */
    private static double[] epoch(MultiLayerNetwork model, DataSetIterator train, boolean autolog) {
        Mlflow.autolog(AutologOptions.create().disable(!autolog));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long process = processCpuNanos();
        long agent = agentThreadsCpuNanos(threads);
        long start = System.nanoTime();
        train.reset();
        model.fit(train);
        return new double[] {(System.nanoTime() - start) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6,
                (processCpuNanos() - process) / 1e6, (agentThreadsCpuNanos(threads) - agent) / 1e6};
    }

    /** CPU time of the threads named {@code mlflow-*} (the asynchronous writer and the like). */
    private static long agentThreadsCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("mlflow")) sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] values) {
        return PairedStats.median(values);
    }
}
