package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.samples.dl4j.IrisData;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/**
 * A ComputationGraph with two inputs (three measures of a flower, and a fourth fed in on its own), trained for three
 * epochs on batches of 15 from an iterator of the user's own, with no MLflow code.
 */
public final class TwoInputGraph {
    static final int BATCH = 15;

    private TwoInputGraph() {
    }

    public static void main(String[] args) {
        DataSet iris = IrisData.load(11);
        List<MultiDataSet> batches = new ArrayList<>();
        for (DataSet b : iris.batchBy(BATCH)) {
            INDArray x = b.getFeatures();
            batches.add(new MultiDataSet(new INDArray[] {x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)),
                    x.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 4))}, new INDArray[] {b.getLabels()}));
        }
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(0.02))
                .graphBuilder()
                .addInputs("measures", "extra")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(8).activation(Activation.RELU).build(), "measures")
                .addVertex("merged", new MergeVertex(), "dense", "extra")
                .addLayer("species", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(9)
                        .nOut(IrisData.CLASSES).activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("species")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        graph.fit(new Batches(batches), 3);
        System.out.println("RESULT iterations " + graph.getIterationCount());
    }

    /** The user's own iterator over prepared batches. */
    private static final class Batches implements MultiDataSetIterator {
        private final List<MultiDataSet> batches;
        private int next;

        Batches(List<MultiDataSet> batches) {
            this.batches = batches;
        }

        @Override
        public MultiDataSet next(int num) {
            return next();
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            next = 0;
        }

        @Override
        public boolean hasNext() {
            return next < batches.size();
        }

        @Override
        public MultiDataSet next() {
            return batches.get(next++);
        }
    }
}
