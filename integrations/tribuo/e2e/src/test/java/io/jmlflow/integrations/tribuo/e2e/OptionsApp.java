package io.jmlflow.integrations.tribuo.e2e;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.tribuo.TribuoSample;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.AdaBoostTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.evaluation.CrossValidation;
import org.tribuo.evaluation.TrainTestSplitter;

import java.util.Map;

/**
 * A test program (run under the agent) that prints what the tests check: ensembles, the caller's own run provenance,
 * the user's own run, later evaluations, and max.tuning.runs set through jmlflow's API. The options all integrations
 * share are tested by the behaviour kit ({@code TribuoBehaviorTest}).
 */
public final class OptionsApp {
    private OptionsApp() {
    }

    public static void main(String[] args) {
        Dataset<Label> train = TribuoSample.checkerboard(200, 1L);
        Dataset<Label> test = TribuoSample.checkerboard(100, 2L);
        LabelEvaluator evaluator = new LabelEvaluator();

        // An ensemble: one run for the bagging trainer, none for its members; evaluations go to that run.
        Model<Label> bagged = new BaggingTrainer<>(new CARTClassificationTrainer(3), new VotingCombiner(), 3).train(train);
        evaluator.evaluate(bagged, test);
        evaluator.evaluate(bagged, test);
        evaluator.evaluate(bagged, TribuoSample.checkerboard(100, 3L));
        evaluator.evaluate(bagged, train);
        print("bagging", bagged);
        Model<Label> boosted = new AdaBoostTrainer(new CARTClassificationTrainer(2), 3, 5L).train(train);
        print("adaboost", boosted);

        // A train/test split: the prefixes say which side of the split it was.
        TrainTestSplitter<Label> split = new TrainTestSplitter<>(new CheckerboardDataSource(200, 9L, 4, -1, 1), 0.7, 1L);
        Model<Label> onSplit = new CARTClassificationTrainer(4).train(new MutableDataset<>(split.getTrain()));
        evaluator.evaluate(onSplit, new MutableDataset<>(split.getTest()));
        print("split", onSplit);

        // The caller's own run provenance (immutable here) is kept, and the run id is added to the model's copy.
        Model<Label> withOwn = TribuoSample.cartTrainer().train(train, Map.of("fold", new IntProvenance("fold", 3)));
        System.out.println("own-fold=" + withOwn.getProvenance().getInstanceProvenance().getMap().get("fold"));
        print("own", withOwn);

        // The user's run: autologging logs into it and leaves it open; an evaluation after it ended still lands there.
        Model<Label> inUserRun;
        try (ActiveRun run = Mlflow.startRun("user-run")) {
            run.logParam("note", "mine");
            inUserRun = TribuoSample.cartTrainer().train(train);
            System.out.println("user-run-still-active=" + (Mlflow.activeRun() == run));
        }
        evaluator.evaluate(inUserRun, test);
        print("user-run", inUserRun);

        // max.tuning.runs=2 bounds the child runs of a search: a 3-fold cross-validation of one setting is no search and
        // stays one run.
        Mlflow.autolog(AutologOptions.create().maxTuningRuns(2));
        new CrossValidation<>(new CARTClassificationTrainer(3), train, evaluator, 3, 1L).evaluate();
    }

    private static void print(String what, Model<?> model) {
        Object runId = model.getProvenance().getInstanceProvenance().getMap().get("mlflow-run-id");
        System.out.println(what + "=" + (runId == null ? "none" : ((PrimitiveProvenance<?>) runId).getValue()));
    }
}
