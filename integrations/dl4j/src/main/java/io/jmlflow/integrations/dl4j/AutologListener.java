package io.jmlflow.integrations.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The {@code TrainingListener} autologging adds to a model while a run is open for it (and removes when the run
 * ends). It never throws into training: the first failure is reported once and the listener goes quiet. Events
 * from other models (clones, replicas) are ignored. {@code Serializable} only because DL4J keeps listeners in a
 * serializable field; a deserialized copy does nothing.
 */
final class AutologListener extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Object model;
    private final transient IterationMetrics metrics;
    /** The first rows trained on, or null. */
    private final transient Dl4jTrainingData sample;
    /** Told the size of the first batch, or null. */
    private final transient LongConsumer firstBatch;
    private transient boolean batchSeen;
    private transient volatile boolean quiet;
    /** -2: not looked up yet; -1: no layer has a learning rate; else the layer (MultiLayerNetwork) whose rate is logged. */
    private transient int learningRateLayer = -2;
    /** For a ComputationGraph: the layer vertex whose learning rate is logged. */
    private transient String learningRateVertex;

    AutologListener(Object model, IterationMetrics metrics) {
        this(model, metrics, null, null);
    }

    AutologListener(Object model, IterationMetrics metrics, Dl4jTrainingData sample, LongConsumer firstBatch) {
        this.model = model;
        this.metrics = metrics;
        this.sample = sample;
        this.firstBatch = firstBatch;
    }

    private boolean ignores(Model m) {
        return quiet || metrics == null || m != model;
    }

    @Override
    public void iterationDone(Model m, int iteration, int epoch) {
        if (ignores(m)) return;
        try {
            if (sample != null) sample.batchDone(m);
            long now = System.nanoTime();
            long wall = System.currentTimeMillis();
            long batch = batchSize(m);
            if (!batchSeen && firstBatch != null) {
                batchSeen = true;
                firstBatch.accept(batch);
            }
            if (metrics.iteration(iteration, m.score(), batch, etlMillis(m), now, wall)) {
                double lr;
                try {
                    lr = learningRate(m);
                } catch (RuntimeException e) {
                    lr = Double.NaN; // a layer without an updater: the learning rate is simply not logged
                }
                if (!Double.isNaN(lr)) metrics.emit(IterationMetrics.LEARNING_RATE, lr, iteration, wall);
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    @Override
    public void onEpochStart(Model m) {
        if (ignores(m)) return;
        try {
            metrics.epochStarted(System.nanoTime());
        } catch (Throwable t) {
            fail(t);
        }
    }

    @Override
    public void onEpochEnd(Model m) {
        if (ignores(m)) return;
        try {
            metrics.epochEnded(epochOf(m), System.nanoTime(), System.currentTimeMillis());
            if (sample != null) sample.epochEnded();
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void fail(Throwable t) {
        quiet = true;
        io.jmlflow.internal.Log.warnOnce("dl4j-listener", "dl4j autologging stopped logging training metrics for this"
                + " model after an error (training goes on): " + t);
    }

    static long epochOf(Model m) {
        if (m instanceof MultiLayerNetwork) return ((MultiLayerNetwork) m).getEpochCount();
        if (m instanceof ComputationGraph) return ((ComputationGraph) m).getEpochCount();
        return 0;
    }

    private static long batchSize(Model m) {
        INDArray input;
        if (m instanceof ComputationGraph) {
            INDArray[] inputs = ((ComputationGraph) m).getInputs();
            input = inputs != null && inputs.length > 0 ? inputs[0] : null;
        } else {
            input = m.input();
        }
        return input == null || input.rank() == 0 ? 0 : input.size(0);
    }

    private static long etlMillis(Model m) {
        if (m instanceof MultiLayerNetwork) return ((MultiLayerNetwork) m).getLastEtlTime();
        if (m instanceof ComputationGraph) return ((ComputationGraph) m).getLastEtlTime();
        return 0;
    }

    /** The current learning rate of the first layer that has one (schedules applied), or NaN. */
    private double learningRate(Model m) {
        if (m instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) m;
            if (learningRateLayer == -2) {
                learningRateLayer = -1;
                for (int i = 0; i < net.getnLayers(); i++) {
                    if (net.getLearningRate(i) != null) {
                        learningRateLayer = i;
                        break;
                    }
                }
            }
            Double lr = learningRateLayer < 0 ? null : net.getLearningRate(learningRateLayer);
            return lr == null ? Double.NaN : lr;
        }
        if (m instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) m;
            if (learningRateLayer == -2) {
                learningRateLayer = -1;
                for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
                    String name = layer.conf().getLayer().getLayerName();
                    if (name != null && graph.getLearningRate(name) != null) {
                        learningRateVertex = name;
                        learningRateLayer = 0;
                        break;
                    }
                }
            }
            Double lr = learningRateVertex == null ? null : graph.getLearningRate(learningRateVertex);
            return lr == null ? Double.NaN : lr;
        }
        return Double.NaN;
    }

    /** The model's listeners, or null. */
    static Collection<TrainingListener> listenersOf(Model m) {
        if (m instanceof MultiLayerNetwork) return ((MultiLayerNetwork) m).getListeners();
        if (m instanceof ComputationGraph) return ((ComputationGraph) m).getListeners();
        return null;
    }

    /** Removes every autologging listener from {@code m}, leaving the user's own listeners as they were. */
    static void detachFrom(Model m) {
        Collection<TrainingListener> current = listenersOf(m);
        if (current == null) return;
        boolean ours = false;
        for (TrainingListener l : current) ours |= l instanceof AutologListener;
        if (!ours) return;
        List<TrainingListener> kept = new ArrayList<>();
        for (TrainingListener l : current) if (!(l instanceof AutologListener)) kept.add(l);
        m.setListeners(kept);
    }
}
