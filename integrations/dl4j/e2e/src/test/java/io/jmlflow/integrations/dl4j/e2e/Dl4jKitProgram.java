package io.jmlflow.integrations.dl4j.e2e;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.dl4j.IrisClassifier;
import io.jmlflow.samples.dl4j.IrisData;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/** The behaviour kit's program for DL4J (see {@code AutologBehaviorKit}): the iris MLP, seeded. */
public final class Dl4jKitProgram {
    private Dl4jKitProgram() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "train" -> train();
            case "fail" -> {
                // labels of the wrong width: DL4J throws from inside fit
                MultiLayerNetwork model = new MultiLayerNetwork(IrisClassifier.configuration(42, 0.01));
                model.init();
                try {
                    model.fit(new DataSet(Nd4j.zeros(8, IrisData.FEATURES), Nd4j.zeros(8, IrisData.CLASSES + 2)));
                } catch (RuntimeException e) {
                    System.out.println("CAUGHT " + e + " AT " + e.getStackTrace()[0]);
                }
            }
            case "user-run" -> UserRun.train();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void train() {
        DataSet iris = IrisData.load(42);
        MultiLayerNetwork model = new MultiLayerNetwork(IrisClassifier.configuration(42, 0.01));
        model.init();
        model.fit(new ListDataSetIterator<>(iris.asList(), 16), 2);
        double accuracy = model.evaluate(new ListDataSetIterator<>(iris.asList(), 50)).accuracy();
        System.out.println(String.format(Locale.ROOT, "RESULT accuracy %.6f", accuracy));
    }

    /** Loaded only in this mode: it needs jmlflow's API, which only the agent jar brings. */
    static final class UserRun {
        static void train() {
            try (ActiveRun run = Mlflow.startRun("user-run")) {
                run.logParam("user_param", "1");
                Dl4jKitProgram.train();
            }
        }
    }
}
