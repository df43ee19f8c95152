package io.jmlflow.integrations.tribuo.e2e;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import io.jmlflow.samples.tribuo.TribuoSample;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.evaluation.CrossValidation;

/**
 * A Tribuo program without MLflow code (run under the agent) for issue 13's picture of a run: two trainings on the
 * same data and one on other data (dataset digests), a classifier with probabilities (plots), evaluations on
 * held-out data, and a 3-fold cross-validation. Prints {@code <what>=<run id>} lines for the test.
 */
public final class RunPictureApp {
    private RunPictureApp() {
    }

    public static void main(String[] args) {
        LabelEvaluator evaluator = new LabelEvaluator();
        Model<Label> first = new CARTClassificationTrainer(5).train(TribuoSample.checkerboard(300, 1L));
        print("same-1", first);
        LabelEvaluation held = evaluator.evaluate(first, TribuoSample.checkerboard(150, 2L));
        System.out.println("same-1-eval-accuracy=" + held.accuracy());
        evaluator.evaluate(first, TribuoSample.checkerboard(120, 3L)); // other data: a prefix of its own
        print("same-2", new CARTClassificationTrainer(5).train(TribuoSample.checkerboard(300, 1L)));
        print("other", new CARTClassificationTrainer(5).train(TribuoSample.checkerboard(300, 5L)));

        Model<Label> logistic = TribuoSample.logisticTrainer().train(TribuoSample.crescents(400, 3L));
        print("logistic", logistic);
        LabelEvaluation logisticHeld = evaluator.evaluate(logistic, TribuoSample.crescents(200, 4L));
        System.out.println("logistic-eval-accuracy=" + logisticHeld.accuracy());

        CrossValidation<Label, LabelEvaluation> cv = new CrossValidation<>(new CARTClassificationTrainer(4),
                TribuoSample.checkerboard(300, 6L), evaluator, 3, 11L);
        java.util.List<Double> folds = cv.evaluate().stream().map(p -> p.getA().accuracy()).toList();
        for (int i = 0; i < folds.size(); i++) System.out.println("cv-fold-" + (i + 1) + "-accuracy=" + folds.get(i));
        double mean = folds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        System.out.println("cv-mean-accuracy=" + mean);
    }

    private static void print(String what, Model<?> model) {
        Object runId = model.getProvenance().getInstanceProvenance().getMap().get("mlflow-run-id");
        System.out.println(what + "=" + (runId == null ? "none" : ((PrimitiveProvenance<?>) runId).getValue()));
    }
}
