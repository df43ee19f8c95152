package io.jmlflow.samples.spark;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * A Spark ML pipeline (assemble, scale, logistic regression) trained on synthetic churn data in {@code local[2]} and
 * evaluated on held-out rows. No MLflow code: run it with {@code -javaagent:mlflow-agent.jar} and the fit is one run
 * with the stages' params, the model (MLflow's spark flavor) and the evaluation's {@code eval_areaUnderROC}.
 * Arguments: [rows] [master].
 */
public final class ChurnPipeline {
    private ChurnPipeline() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String master = args.length > 1 ? args[1] : "local[2]";
        SparkSession spark = SparkSession.builder().master(master).appName("churn-pipeline")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row>[] split = ChurnData.customers(spark, rows, 42).randomSplit(new double[] {0.8, 0.2}, 7);
            PipelineModel model = pipeline(0.01).fit(split[0]);
            double auc = new BinaryClassificationEvaluator().setLabelCol(ChurnData.LABEL)
                    .evaluate(model.transform(split[1]));
            System.out.println(String.format(Locale.ROOT, "areaUnderROC on held-out rows: %.4f", auc));
        } finally {
            spark.stop();
        }
    }

    /** Assemble the features, standardize them, logistic regression with {@code regParam}. */
    public static Pipeline pipeline(double regParam) {
        VectorAssembler assembler = new VectorAssembler().setInputCols(ChurnData.FEATURES).setOutputCol("raw");
        StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features");
        LogisticRegression lr = new LogisticRegression().setLabelCol(ChurnData.LABEL).setMaxIter(20)
                .setRegParam(regParam);
        return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, lr});
    }
}
