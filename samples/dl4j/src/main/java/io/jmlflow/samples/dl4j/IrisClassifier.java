package io.jmlflow.samples.dl4j;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;

/**
 * A small multi-layer perceptron on the iris flowers: the DL4J program a user already has. Nothing here mentions
 * MLflow; with {@code -javaagent:mlflow-agent.jar} the run, its loss history and the model are logged.
 *
 * <pre>
 * java -javaagent:mlflow-agent.jar -cp ... io.jmlflow.samples.dl4j.IrisClassifier [epochs] [batchSize] [model.zip]
 * </pre>
 */
public final class IrisClassifier {
    private IrisClassifier() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        DataSet iris = IrisData.load(42);
        DataSetIterator train = new ListDataSetIterator<>(iris.asList(), batchSize);

        MultiLayerNetwork model = new MultiLayerNetwork(configuration(42, 0.01));
        model.init();
        model.fit(train, epochs);

        Evaluation evaluation = model.evaluate(train);
        System.out.printf("accuracy after %d epochs: %.3f%n", epochs, evaluation.accuracy());
        if (args.length > 2) ModelSerializer.writeModel(model, new File(args[2]), true);
    }

    /** 4 inputs, two hidden layers, a softmax over the 3 classes. */
    public static MultiLayerConfiguration configuration(long seed, double learningRate) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .l2(1e-4)
                .list()
                .layer(new DenseLayer.Builder().nIn(IrisData.FEATURES).nOut(16).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(IrisData.CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(IrisData.FEATURES))
                .build();
    }
}
