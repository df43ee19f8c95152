package io.jmlflow.integrations.smile.e2e.smile6;

import io.jmlflow.Mlflow;
import io.jmlflow.samples.smile6.GaussianBlobs;
import smile.classification.RandomForest;
import smile.data.formula.Formula;
import smile.validation.ClassificationValidation;
import smile.validation.metric.Accuracy;

/**
 * A test program with no MLflow code: the same forest twice on equal data, the first evaluated on held-out rows
 * ({@code model.predict} then {@code Accuracy.of}), and a {@code ClassificationValidation.of}. Prints
 * {@code RUN <name> <run id>} and {@code EVAL <name> <value>}.
 */
public final class EvaluationProgram {
    private EvaluationProgram() {
    }

    public static void main(String[] args) {
        GaussianBlobs all = GaussianBlobs.generate(600, 4, 3, 2.0, 13);
        Formula label = Formula.lhs("label");
        RandomForest rf = RandomForest.fit(label, all.rows(0, 400).classification(), new RandomForest.Options(15));
        run("first");
        RandomForest.fit(label, all.rows(0, 400).classification(), new RandomForest.Options(15));
        run("same");

        GaussianBlobs test = all.rows(400, 600);
        System.out.println("EVAL first " + Accuracy.of(test.y, rf.predict(test.classification())));

        var validation = ClassificationValidation.of(label, all.rows(0, 400).classification(), test.classification(),
                (f, d) -> RandomForest.fit(f, d, new RandomForest.Options(15)));
        run("validated");
        System.out.println("EVAL validated " + validation.metrics().accuracy());
    }

    private static void run(String name) {
        System.out.println("RUN " + name + " " + Mlflow.lastActiveRun().runId());
    }
}
