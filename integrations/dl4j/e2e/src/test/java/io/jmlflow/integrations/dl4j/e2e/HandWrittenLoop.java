package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.samples.dl4j.IrisData;
import io.jmlflow.samples.dl4j.SyntheticMlp;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * A hand-written training loop, with no MLflow code: 8 epochs over 1,000 rows in batches of 100,
 * {@code fit(features, labels)} per batch; then an evaluation by hand, {@code new Evaluation().eval(labels,
 * net.output(x))} on other rows; then the program goes on with other work ({@code args[0]} ms) before it exits.
 * Prints {@code RESULT trained <ms>}, {@code RESULT manual_accuracy <value>}, {@code RESULT exiting <ms>}.
 */
public final class HandWrittenLoop {
    static final int ROWS = 1000;
    static final int BATCH = 100;
    static final int EPOCHS = 8;

    private HandWrittenLoop() {
    }

    public static void main(String[] args) throws Exception {
        long otherWork = args.length > 0 ? Long.parseLong(args[0]) : 0;
        List<DataSet> batches = IrisData.synthetic(ROWS, 4, 3, 21).batchBy(BATCH);
        MultiLayerNetwork net = new MultiLayerNetwork(SyntheticMlp.configuration(4, 16, 3));
        net.init();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (DataSet b : batches) net.fit(b.getFeatures(), b.getLabels());
        }
        System.out.println("RESULT trained " + System.currentTimeMillis());
        DataSet test = IrisData.synthetic(300, 4, 3, 22);
        Evaluation evaluation = new Evaluation(3);
        evaluation.eval(test.getLabels(), net.output(test.getFeatures()));
        System.out.println("RESULT manual_accuracy " + evaluation.accuracy());
        Thread.sleep(otherWork);
        System.out.println("RESULT exiting " + System.currentTimeMillis());
    }
}
