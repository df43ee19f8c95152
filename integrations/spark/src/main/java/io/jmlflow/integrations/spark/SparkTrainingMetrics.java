package io.jmlflow.integrations.spark;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training metrics Spark computed while training, read from the model's training summary without a Spark job (most of
 * a summary's metrics, such as accuracy, are computed lazily by jobs over the training data: those are not read):
 * {@code training_loss} per iteration (the objective history of iterative models such as logistic and linear
 * regression), {@code training_cost} (k-means, bisecting k-means) and {@code training_log_likelihood} (Gaussian
 * mixture). For a pipeline, its last model that has one; for a search, its best model's.
 */
final class SparkTrainingMetrics {
    private SparkTrainingMetrics() {
    }

    static Map<String, double[]> of(Object model) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (model instanceof CrossValidatorModel) return of(((CrossValidatorModel) model).bestModel());
        if (model instanceof TrainValidationSplitModel) return of(((TrainValidationSplitModel) model).bestModel());
        if (model instanceof PipelineModel) {
            Transformer[] stages = ((PipelineModel) model).stages();
            for (int i = stages.length - 1; i >= 0 && out.isEmpty(); i--) out = of(stages[i]);
            return out;
        }
        if (!Boolean.TRUE.equals(SparkReflect.call(model, "hasSummary"))) return out;
        Object summary = SparkReflect.call(model, "summary");
        Object history = SparkReflect.call(summary, "objectiveHistory");
        if (history instanceof double[] && ((double[]) history).length > 1) out.put("training_loss", (double[]) history);
        Object cost = SparkReflect.call(summary, "trainingCost");
        if (cost instanceof Double) out.put("training_cost", new double[] {(Double) cost});
        Object logLikelihood = SparkReflect.call(summary, "logLikelihood");
        if (logLikelihood instanceof Double) out.put("training_log_likelihood", new double[] {(Double) logLikelihood});
        return out;
    }
}
