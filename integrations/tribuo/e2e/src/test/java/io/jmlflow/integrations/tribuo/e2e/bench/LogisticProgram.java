package io.jmlflow.integrations.tribuo.e2e.bench;

import io.jmlflow.samples.tribuo.TribuoSample;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

/**
 * A whole program of the process benchmark ({@code scripts/bench.sh --only process}), with no MLflow code: Tribuo's
 * logistic regression on 600 noisy interlocking crescents, evaluated on 200 others, the accuracy printed.
 */
public final class LogisticProgram {
    private LogisticProgram() {
    }

    public static void main(String[] args) {
        Model<Label> model = TribuoSample.logisticTrainer().train(TribuoSample.crescents(600, 3L));
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, TribuoSample.crescents(200, 4L));
        System.out.printf("logistic regression: accuracy %.4f%n", evaluation.accuracy());
    }
}
