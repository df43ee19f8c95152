package io.jmlflow.integrations.dl4j.e2e.bench;

import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.entities.Run;
import io.jmlflow.samples.dl4j.IrisData;
import io.jmlflow.samples.dl4j.SyntheticMlp;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side measurement of whole fits inside one JVM, started with the agent and everything on: pairs of
 * {@link SyntheticMlp}'s training (a new model each time, {@code fit(iterator, epochs)}), one with autologging on
 * (its own run: params, configuration artifacts, listener, model, evaluation) and one with it off
 * ({@code Mlflow.autolog(disable)}: the advice is in place but does nothing), the order alternating from pair to
 * pair, after one untimed fit of each. Before each fit the previous fit's post-training work is awaited
 * ({@link Mlflow#flush()}) and the heap collected, so that no fit runs beside another's logging; both fits of a pair
 * run within seconds of each other, so load on a shared machine hits them alike. Left out: the one-off cost of a
 * process's first fit, which {@link Dl4jOverheadBenchmark}'s fresh JVMs include. Ends with a check that every fit
 * with autologging on left a run with a model.
 *
 * <p>Arguments: rows features hidden epochs batch pairs. Prints {@code PAIR <i> on_ms=<> off_ms=<> on_cpu_ms=<>
 * off_cpu_ms=<>} (wall and training-thread CPU time of each {@code fit} call).
 */
public final class Dl4jAlternatingFits {
    private Dl4jAlternatingFits() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int features = Integer.parseInt(args[1]);
        int hidden = Integer.parseInt(args[2]);
        int epochs = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int pairs = Integer.parseInt(args[5]);
        DataSet data = IrisData.synthetic(rows, features, 5, 5);
        DataSetIterator train = new ListDataSetIterator<>(data.asList(), batch);
        fit(train, features, hidden, epochs, true);
        fit(train, features, hidden, epochs, false);
        for (int i = 0; i < pairs; i++) {
            boolean onFirst = i % 2 == 0;
            double[] first = fit(train, features, hidden, epochs, onFirst);
            double[] second = fit(train, features, hidden, epochs, !onFirst);
            double[] on = onFirst ? first : second;
            double[] off = onFirst ? second : first;
            System.out.printf(Locale.ROOT, "PAIR %d on_ms=%.1f off_ms=%.1f on_cpu_ms=%.1f off_cpu_ms=%.1f%n", i + 1,
                    on[0], off[0], on[1], off[1]);
        }
        List<Run> runs = Mlflow.searchRuns("");
        long withModel = runs.stream().filter(r -> !r.modelOutputs().isEmpty()).count();
        if (runs.size() != pairs + 1 || withModel != runs.size()) {
            throw new IllegalStateException("expected " + (pairs + 1) + " runs with a model each, got " + runs.size()
                    + " runs, " + withModel + " with a model");
        }
        System.out.println("RUNS " + runs.size() + " each with a model");
    }

    /** One fit of a new model with autologging on or off; returns {wall ms, training-thread CPU ms}. */
    private static double[] fit(DataSetIterator train, int features, int hidden, int epochs, boolean autolog) {
        Mlflow.autolog(AutologOptions.create().disable(!autolog));
        MultiLayerNetwork model = new MultiLayerNetwork(SyntheticMlp.configuration(features, hidden, 5));
        model.init();
        train.reset();
        System.gc();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        model.fit(train, epochs);
        double wall = (System.nanoTime() - start) / 1e6;
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        if (!Mlflow.flush()) throw new IllegalStateException("the post-training work did not finish in time");
        return new double[] {wall, cpuMs};
    }
}
