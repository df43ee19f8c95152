package io.jmlflow.integrations.spark;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MLflow's names for Spark params (mlflow/pyspark/ml/__init__.py), on real Spark stages (no session needed). */
class SparkParamsTest {
    private final VectorAssembler a1 = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("v");
    private final VectorAssembler a2 = new VectorAssembler().setInputCols(new String[] {"v"}).setOutputCol("features");
    private final LogisticRegression lr = new LogisticRegression().setMaxIter(7).setRegParam(1e-5);
    private final Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {a1, a2, lr});

    @Test
    void stagesOfOneClassAreNumberedAndTheRootKeepsSparksNames() {
        SparkParams names = SparkParams.of(pipeline);
        Map<String, String> params = names.params(pipeline);
        assertEquals("['VectorAssembler_1', 'VectorAssembler_2', 'LogisticRegression']", params.get("stages"));
        assertEquals("['x', 'y']", params.get("VectorAssembler_1.inputCols"));
        assertEquals("features", params.get("VectorAssembler_2.outputCol"));
        assertEquals("7", params.get("LogisticRegression.maxIter"));
        assertEquals("1e-05", params.get("LogisticRegression.regParam"), "Python's float text");
        assertEquals("True", params.get("LogisticRegression.fitIntercept"), "defaults count, as Python's str");
        assertFalse(params.containsKey("maxIter"));
        assertEquals("{\"name\": \"Pipeline\", \"stages\": [{\"name\": \"VectorAssembler_1\"}, "
                + "{\"name\": \"VectorAssembler_2\"}, {\"name\": \"LogisticRegression\"}]}",
                SparkJson.compact(names.hierarchy(pipeline)));
    }

    @Test
    void aCrossValidatorNamesItsEstimatorAndEvaluatorAndItsMapsByStage() {
        ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {0.1, 0.01}).build();
        CrossValidator cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(3);
        SparkParams names = SparkParams.of(cv);
        Map<String, String> params = names.params(cv);
        assertEquals("Pipeline", params.get("estimator"));
        assertEquals("BinaryClassificationEvaluator", params.get("evaluator"));
        assertEquals("areaUnderROC", params.get("BinaryClassificationEvaluator.metricName"));
        assertEquals("3", params.get("numFolds"));
        assertFalse(params.containsKey("estimatorParamMaps"));
        assertFalse(params.containsKey("LogisticRegression.maxIter"), "the tuned estimator's params are the children's");
        assertEquals(List.of(Map.of("LogisticRegression.regParam", 0.1), Map.of("LogisticRegression.regParam", 0.01)),
                names.tuningParamMaps(cv));
        Map<String, Object> info = names.estimatorInfo(cv);
        assertTrue(info.containsKey("hierarchy") && info.containsKey("CrossValidator"), info.toString());
        assertEquals("areaUnderROC", SparkParams.metricName(new BinaryClassificationEvaluator()));
    }

    @Test
    void aSearchsMapsAreSortedByNameWhateverTheOrderOfSparksParamMap() {
        ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {0.1})
                .addGrid(lr.elasticNetParam(), new double[] {0.5}).addGrid(lr.maxIter(), new int[] {5}).build();
        CrossValidator cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new BinaryClassificationEvaluator());
        assertEquals(List.of("LogisticRegression.elasticNetParam", "LogisticRegression.maxIter",
                "LogisticRegression.regParam"), List.copyOf(SparkParams.of(cv).tuningParamMaps(cv).get(0).keySet()));
    }

    @Test
    void jsonIsWhatPythonsJsonDumpsWrites() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("a", List.of(1, 0.5, "x"));
        Map<String, Object> b = new java.util.LinkedHashMap<>();
        b.put("c", null);
        b.put("d", true);
        value.put("b", b);
        value.put("e", 1e-5);
        assertEquals("{\n  \"a\": [\n    1,\n    0.5,\n    \"x\"\n  ],\n  \"b\": {\n    \"c\": null,\n    \"d\": true\n"
                + "  },\n  \"e\": 1e-05\n}", SparkJson.indented(value));
        assertEquals("{\"a\": [1, 0.5, \"\\u00e9\"]}", SparkJson.compact(Map.of("a", List.of(1, 0.5, "\u00e9"))));
    }

    @Test
    void theDatasetDigestIsMlflowsMd5OfTheSemanticHash() {
        assertEquals("84cf4928", SparkTrainingData.digest(123456789));
        assertEquals("e692e210", SparkTrainingData.digest(-5));
    }

    @Test
    void theAllowlistTakesPythonAndJavaNamesAndPrefixes() {
        java.util.Set<String> allowed = SparkModelAllowlist.parse(List.of("# models", "",
                "pyspark.ml.classification.LogisticRegressionModel", "pyspark.ml.pipeline.PipelineModel",
                "synapse.ml.lightgbm.*"));
        assertTrue(SparkModelAllowlist.listed("org.apache.spark.ml.classification.LogisticRegressionModel", allowed));
        assertTrue(SparkModelAllowlist.listed("org.apache.spark.ml.PipelineModel", allowed));
        assertTrue(SparkModelAllowlist.listed("com.microsoft.azure.synapse.ml.lightgbm.LightGBMClassificationModel",
                allowed));
        assertFalse(SparkModelAllowlist.listed("org.apache.spark.ml.recommendation.ALSModel", allowed));
    }
}
