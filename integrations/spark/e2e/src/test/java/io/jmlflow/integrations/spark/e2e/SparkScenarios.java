package io.jmlflow.integrations.spark.e2e;

import io.jmlflow.Mlflow;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.samples.spark.ChurnCrossValidation;
import io.jmlflow.samples.spark.ChurnData;
import io.jmlflow.samples.spark.ChurnPipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end scenarios, in one JVM and one local Spark session (Spark's start-up is the expensive part): a
 * pipeline fit and an evaluation of its predictions, in experiment {@code args[0]}, its logged model loaded back with
 * {@code Mlflow.loadModel} and compared; a 3-fold cross-validation over 4 param maps, in experiment {@code args[1]}.
 * Writes the held-out rows ({@code test.parquet}) and the original model's predictions on them
 * ({@code java-predictions.txt}) into {@code args[2]}, for the cross-language test. Runs only under the agent.
 */
public final class SparkScenarios {
    private SparkScenarios() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[2]);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("scenarios")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        try {
            Mlflow.setExperiment(args[0]);
            Dataset<Row>[] split = ChurnData.customers(spark, 600, 42).randomSplit(new double[] {0.75, 0.25}, 7);
            PipelineModel model = ChurnPipeline.pipeline(0.01).fit(split[0]);
            String testPath = out.resolve("test.parquet").toString();
            split[1].coalesce(1).write().parquet(testPath);
            Dataset<Row> test = spark.read().parquet(testPath);
            double auc = new BinaryClassificationEvaluator().setLabelCol(ChurnData.LABEL).evaluate(model.transform(test));
            System.out.println(String.format(Locale.ROOT, "AUC %.6f", auc));
            String original = predictions(model, test);
            Files.writeString(out.resolve("java-predictions.txt"), original, StandardCharsets.UTF_8);

            Mlflow.flush();
            String experimentId = Mlflow.client().getExperimentByName(args[0]).orElseThrow().experimentId();
            List<LoggedModel> models = Mlflow.client().searchLoggedModels(List.of(experimentId), null, 10, null).items();
            String modelId = models.get(0).modelId();
            Object loaded = Mlflow.loadModel("models:/" + modelId);
            System.out.println("MODEL_ID " + modelId);
            System.out.println("LOADED " + loaded.getClass().getName());
            System.out.println("RELOADED_SAME " + original.equals(predictions((PipelineModel) loaded, test)));

            Mlflow.setExperiment(args[1]);
            CrossValidatorModel cv = ChurnCrossValidation.crossValidator(2).fit(ChurnData.customers(spark, 600, 42));
            System.out.println("CV_METRICS " + java.util.Arrays.toString(cv.avgMetrics()));
        } finally {
            spark.stop();
        }
    }

    /** One line per row: the prediction and the probability of class 1. */
    static String predictions(PipelineModel model, Dataset<Row> data) {
        StringBuilder b = new StringBuilder();
        for (Row r : model.transform(data).select("prediction", "probability").collectAsList()) {
            b.append(r.getDouble(0)).append(' ').append(((Vector) r.get(1)).apply(1)).append('\n');
        }
        return b.toString();
    }
}
