package io.jmlflow.samples.dl4j;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;

/**
 * The iris flowers with a {@link ComputationGraph}: two parallel hidden layers merged before the softmax. No MLflow
 * code; run it under the agent to log it.
 *
 * <pre>
 * java -javaagent:mlflow-agent.jar -cp ... io.jmlflow.samples.dl4j.IrisGraphClassifier [epochs] [batchSize] [model.zip]
 * </pre>
 */
public final class IrisGraphClassifier {
    private IrisGraphClassifier() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        DataSet iris = IrisData.load(7);
        DataSetIterator train = new ListDataSetIterator<>(iris.asList(), batchSize);

        ComputationGraph graph = new ComputationGraph(configuration(7));
        graph.init();
        graph.fit(train, epochs);

        Evaluation evaluation = graph.evaluate(train);
        System.out.printf("accuracy after %d epochs: %.3f%n", epochs, evaluation.accuracy());
        if (args.length > 2) ModelSerializer.writeModel(graph, new File(args[2]), true);
    }

    public static ComputationGraphConfiguration configuration(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Nesterovs(0.05, 0.9))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("flower")
                .setInputTypes(InputType.feedForward(IrisData.FEATURES))
                .addLayer("wide", new DenseLayer.Builder().nOut(12).activation(Activation.RELU).build(), "flower")
                .addLayer("narrow", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "flower")
                .addVertex("merged", new MergeVertex(), "wide", "narrow")
                .addLayer("species", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(IrisData.CLASSES).activation(Activation.SOFTMAX).build(), "merged")
                .setOutputs("species")
                .build();
    }
}
