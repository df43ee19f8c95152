package io.jmlflow.samples.spark;

import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * A 3-fold cross-validation of the churn pipeline over 4 param maps (regParam x elasticNetParam), two maps at a time
 * ({@code parallelism=2}), in {@code local[2]}. No MLflow code: under the agent it is one parent run with a child
 * run per param map, the best params and metric, and the best model. Arguments: [rows] [master].
 */
public final class ChurnCrossValidation {
    private ChurnCrossValidation() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String master = args.length > 1 ? args[1] : "local[2]";
        SparkSession spark = SparkSession.builder().master(master).appName("churn-cv")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            CrossValidatorModel cv = crossValidator(2).fit(ChurnData.customers(spark, rows, 42));
            double[] metrics = cv.avgMetrics();
            double best = Double.NEGATIVE_INFINITY;
            for (double m : metrics) best = Math.max(best, m);
            System.out.println(String.format(Locale.ROOT, "best average areaUnderROC over 3 folds: %.4f", best));
        } finally {
            spark.stop();
        }
    }

    /** The pipeline tuned over regParam {0.01, 0.3} x elasticNetParam {0, 0.5}, 3 folds, seed 7. */
    public static CrossValidator crossValidator(int parallelism) {
        Pipeline pipeline = ChurnPipeline.pipeline(0.01);
        LogisticRegression lr = (LogisticRegression) pipeline.getStages()[2];
        ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {0.01, 0.3})
                .addGrid(lr.elasticNetParam(), new double[] {0.0, 0.5}).build();
        return new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new BinaryClassificationEvaluator().setLabelCol(ChurnData.LABEL))
                .setNumFolds(3).setSeed(7).setParallelism(parallelism);
    }
}
