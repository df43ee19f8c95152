package io.jmlflow.integrations.dl4j;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny networks and data for the unit tests. */
final class Dl4jTestNetworks {
    private Dl4jTestNetworks() {
    }

    static MultiLayerNetwork classifier(LossFunctions.LossFunction loss, Activation output, int outputs) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(12)
                .updater(new Adam(0.02))
                .weightInit(WeightInit.XAVIER)
                .l2(1e-3)
                .list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(loss).nOut(outputs).activation(output).build())
                .setInputType(InputType.feedForward(3))
                .build());
        net.init();
        return net;
    }

    static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(3)
                .updater(new Sgd(0.1))
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(3))
                .addLayer("hidden", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build());
        g.init();
        return g;
    }

    /** {@code rows} points with 3 features, labelled one-hot by the sign of their first feature. */
    static DataSet data(int rows) {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, rows, 3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, 2);
        for (int i = 0; i < rows; i++) y.putScalar(i, x.getDouble(i, 0) > 0 ? 1 : 0, 1.0);
        return new DataSet(x, y);
    }

    static ListDataSetIterator<DataSet> iterator(DataSet data, int batch) {
        return new ListDataSetIterator<>(data.asList(), batch);
    }
}
