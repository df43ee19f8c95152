package io.jmlflow.samples.dl4j;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * An MLP on generated data ({@code Nd4j.randn}), sized by its arguments; prints how long {@code fit} took (wall and
 * CPU time). The overhead benchmark runs it with and without the agent.
 *
 * <pre>
 * java [-javaagent:mlflow-agent.jar] -cp ... io.jmlflow.samples.dl4j.SyntheticMlp [rows] [features] [hidden] [epochs] [batchSize]
 * </pre>
 */
public final class SyntheticMlp {
    private SyntheticMlp() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int classes = 5;
        java.lang.management.RuntimeMXBean jvm = ManagementFactory.getRuntimeMXBean();
        DataSet data = IrisData.synthetic(rows, features, classes, 5);
        DataSetIterator train = new ListDataSetIterator<>(data.asList(), batchSize);

        MultiLayerNetwork model = new MultiLayerNetwork(configuration(features, hidden, classes));
        model.init();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long fitStartUptime = jvm.getUptime();
        long start = System.nanoTime();
        model.fit(train, epochs);
        long fitNanos = System.nanoTime() - start;
        long fitCpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
        // CPU times too: on a shared machine they vary much less than wall times
        System.out.printf(Locale.ROOT, "fit_ms=%.1f fit_cpu_ms=%.1f process_cpu_ms=%.1f score=%.5f%n", fitNanos / 1e6,
                fitCpuNanos / 1e6, processCpuNanos() / 1e6, model.score());
        // what follows main's end is the JVM's exit, which under the agent waits for the post-training work
        System.out.printf(Locale.ROOT, "uptime_ms fit_start=%d main_end=%d%n", fitStartUptime, jvm.getUptime());
    }

    /** Two ReLU hidden layers of {@code hidden} units, Adam, softmax over {@code classes}. */
    public static MultiLayerConfiguration configuration(int features, int hidden, int classes) {
        return new NeuralNetConfiguration.Builder()
                .seed(5)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(features).nOut(hidden).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(features))
                .build();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }
}
