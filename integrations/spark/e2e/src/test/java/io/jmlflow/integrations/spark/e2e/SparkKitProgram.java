package io.jmlflow.integrations.spark.e2e;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.samples.spark.ChurnData;
import io.jmlflow.samples.spark.ChurnPipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/** The behaviour kit's program for Spark (see {@code AutologBehaviorKit}): the churn pipeline in {@code local[1]}. */
public final class SparkKitProgram {
    private SparkKitProgram() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("kit")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        try {
            switch (args[0]) {
                case "train" -> train(spark);
                case "fail" -> {
                    // a label column that does not exist: Spark throws from inside fit
                    try {
                        new LogisticRegression().setLabelCol("no_such_label")
                                .fit(new org.apache.spark.ml.feature.VectorAssembler()
                                        .setInputCols(ChurnData.FEATURES).setOutputCol("features")
                                        .transform(ChurnData.customers(spark, 50, 1)));
                    } catch (RuntimeException e) {
                        System.out.println("CAUGHT " + e + " AT " + e.getStackTrace()[0]);
                    }
                }
                case "user-run" -> UserRun.train(spark);
                default -> throw new IllegalArgumentException(args[0]);
            }
        } finally {
            spark.stop();
        }
    }

    static void train(SparkSession spark) {
        Dataset<Row>[] split = ChurnData.customers(spark, 400, 42).randomSplit(new double[] {0.75, 0.25}, 7);
        PipelineModel model = ChurnPipeline.pipeline(0.01).fit(split[0]);
        double auc = new BinaryClassificationEvaluator().setLabelCol(ChurnData.LABEL).evaluate(model.transform(split[1]));
        System.out.println(String.format(Locale.ROOT, "RESULT areaUnderROC %.6f", auc));
    }

    /** Loaded only in this mode: it needs jmlflow's API, which only the agent jar brings. */
    static final class UserRun {
        static void train(SparkSession spark) {
            try (ActiveRun run = Mlflow.startRun("user-run")) {
                run.logParam("user_param", "1");
                SparkKitProgram.train(spark);
            }
        }
    }
}
