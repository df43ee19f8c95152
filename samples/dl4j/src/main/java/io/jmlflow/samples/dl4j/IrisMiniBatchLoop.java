package io.jmlflow.samples.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;
import java.util.List;

/**
 * Training written as a loop over mini-batches, {@code model.fit(DataSet)} per batch, as custom training code often
 * is. Under the agent this is one MLflow run per model, not one per call. With {@code models > 1} it then trains
 * further models the same way, one after the other (each gets its own run).
 *
 * <pre>
 * java -javaagent:mlflow-agent.jar -cp ... io.jmlflow.samples.dl4j.IrisMiniBatchLoop [epochs] [batchSize] [models] [model.zip]
 * </pre>
 */
public final class IrisMiniBatchLoop {
    private IrisMiniBatchLoop() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<DataSet> batches = IrisData.load(3).batchBy(batchSize);

        MultiLayerNetwork last = null;
        for (int m = 0; m < models; m++) {
            MultiLayerNetwork model = new MultiLayerNetwork(IrisClassifier.configuration(3 + m, 0.01));
            model.init();
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (DataSet batch : batches) model.fit(batch);
            }
            System.out.printf("model %d: score %.4f after %d iterations%n", m, model.score(), model.getIterationCount());
            last = model;
        }
        if (args.length > 3) ModelSerializer.writeModel(last, new File(args[3]), true);
    }
}
