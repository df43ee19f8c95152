package io.jmlflow.integrations.tribuo.e2e;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.tribuo.TribuoSample;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** The behaviour kit's program for Tribuo (see {@code AutologBehaviorKit}): a CART tree on a checkerboard. */
public final class TribuoKitProgram {
    private TribuoKitProgram() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "train" -> train();
            case "fail" -> {
                // a supervised trainer given only unlabelled examples: Tribuo throws from inside train
                LabelFactory factory = new LabelFactory();
                MutableDataset<Label> unlabelled = new MutableDataset<>(
                        new SimpleDataSourceProvenance("unlabelled", factory), factory);
                unlabelled.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[] {"x"}, new double[] {1.0}));
                try {
                    new LogisticRegressionTrainer().train(unlabelled);
                } catch (RuntimeException e) {
                    System.out.println("CAUGHT " + e + " AT " + e.getStackTrace()[0]);
                }
            }
            case "user-run" -> UserRun.train();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void train() {
        Model<Label> tree = TribuoSample.cartTrainer().train(TribuoSample.checkerboard(300, 1L));
        double accuracy = new LabelEvaluator().evaluate(tree, TribuoSample.checkerboard(100, 2L)).accuracy();
        System.out.println("RESULT accuracy " + accuracy);
    }

    /** Loaded only in this mode: it needs jmlflow's API, which only the agent jar brings. */
    static final class UserRun {
        static void train() {
            try (ActiveRun run = Mlflow.startRun("user-run")) {
                run.logParam("user_param", "1");
                TribuoKitProgram.train();
            }
        }
    }
}
