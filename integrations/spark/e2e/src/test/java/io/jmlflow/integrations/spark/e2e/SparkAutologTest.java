package io.jmlflow.integrations.spark.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Spark autologging logs, with the real Python MLflow as the judge: one JVM under the agent runs
 * {@link SparkScenarios} (a pipeline fit with an evaluation, then a 3-fold cross-validation over 4 param maps) in
 * one local Spark session against a real {@code mlflow server}; Python MLflow reads the runs and models, and
 * {@code mlflow.spark.load_model} and {@code mlflow.pyfunc.load_model} (pyspark of the same Spark version) load the
 * Java-logged model and predict as the Java model did.
 */
class SparkAutologTest {
    @TempDir
    static Path dir;
    static String uri;
    static String pipelineExperiment;
    static String cvExperiment;
    static JavaProcess.Result result;

    @BeforeAll
    static void runScenarios() {
        uri = MlflowServer.shared().uri();
        String id = UUID.randomUUID().toString();
        pipelineExperiment = "spark-pipeline-" + id;
        cvExperiment = "spark-cv-" + id;
        result = SparkChildJvm.ok(AgentJvm.traced(SparkChildJvm.plain(dir, SparkScenarios.class, pipelineExperiment,
                cvExperiment, dir.toString()), uri, null));
    }

    private static String line(String prefix) {
        for (String l : result.stdout().split("\n")) if (l.startsWith(prefix + " ")) return l.substring(prefix.length() + 1);
        throw new AssertionError("no " + prefix + " line in:\n" + result.describe());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aPipelineFitIsOneRunWithTheStagesParamsAndAReadyModelInTheSparkFlavor() {
        JsonNode r = PythonMlflow.json(uri, dir, "import mlflow, json\n"
                + "e = mlflow.get_experiment_by_name('" + pipelineExperiment + "')\n"
                + "runs = mlflow.search_runs([e.experiment_id], output_format='list')\n"
                + "r = runs[0]\n"
                + "ms = mlflow.search_logged_models(experiment_ids=[e.experiment_id], output_format='list')\n"
                + "m = ms[0]\n"
                + "info = mlflow.models.get_model_info('models:/' + m.model_id)\n"
                + "arts = [a.path for a in mlflow.MlflowClient().list_artifacts(r.info.run_id)]\n"
                + "print(json.dumps({'runs': len(runs), 'status': r.info.status, 'tags': r.data.tags,\n"
                + "  'params': r.data.params, 'metrics': r.data.metrics, 'models': len(ms), 'model_status': str(m.status),\n"
                + "  'model_name': m.name, 'source_run': m.source_run_id == r.info.run_id,\n"
                + "  'flavors': info.flavors, 'model_metrics': {x.key: x.value for x in (m.metrics or [])},\n"
                + "  'inputs': [i.tags[0].value for i in r.inputs.dataset_inputs],\n"
                + "  'schema': [i.dataset.schema for i in r.inputs.dataset_inputs], 'artifacts': arts}))\n");
        assertEquals(1, r.get("runs").asInt(), r.toString());
        assertEquals("FINISHED", r.get("status").asText());
        JsonNode tags = r.get("tags");
        assertEquals("spark", tags.get("mlflow.autologging").asText());
        assertEquals("Pipeline", tags.get("estimator_name").asText());
        assertEquals("org.apache.spark.ml.Pipeline", tags.get("estimator_class").asText());
        JsonNode params = r.get("params");
        assertEquals("['VectorAssembler', 'StandardScaler', 'LogisticRegression']", params.get("stages").asText());
        assertEquals("20", params.get("LogisticRegression.maxIter").asText());
        assertEquals("0.01", params.get("LogisticRegression.regParam").asText());
        assertEquals("churned", params.get("LogisticRegression.labelCol").asText());
        assertEquals("auto", params.get("LogisticRegression.family").asText(), "defaults count");
        assertEquals("['tenure', 'monthly', 'support_calls', 'usage']", params.get("VectorAssembler.inputCols").asText());
        assertEquals("True", params.get("StandardScaler.withStd").asText());
        assertTrue(r.get("metrics").has("training_loss"), r.get("metrics").toString());
        assertTrue(texts(r.get("artifacts")).contains("estimator_info.json"), r.get("artifacts").toString());
        assertEquals(List.of("train", "eval"), texts(r.get("inputs")));
        assertTrue(r.get("schema").get(0).asText().contains("\"type\": \"double\", \"name\": \"tenure\""),
                r.get("schema").toString());

        assertEquals(1, r.get("models").asInt());
        assertEquals("READY", r.get("model_status").asText());
        assertEquals("model", r.get("model_name").asText());
        assertTrue(r.get("source_run").asBoolean());
        JsonNode spark = r.get("flavors").get("spark");
        assertEquals("pyspark.ml.pipeline.PipelineModel", spark.get("model_class").asText());
        assertEquals("sparkml", spark.get("model_data").asText());
        assertTrue(spark.get("pyspark_version").asText().startsWith("3.5."), spark.toString());
        assertEquals("mlflow.spark", r.get("flavors").get("python_function").get("loader_module").asText());
    }

    @Test
    void anEvaluationAfterTrainingLandsOnTheRunAndOnTheLoggedModel() {
        JsonNode r = PythonMlflow.json(uri, dir, "import mlflow, json\n"
                + "e = mlflow.get_experiment_by_name('" + pipelineExperiment + "')\n"
                + "r = mlflow.search_runs([e.experiment_id], output_format='list')[0]\n"
                + "m = mlflow.search_logged_models(experiment_ids=[e.experiment_id], output_format='list')[0]\n"
                + "c = mlflow.MlflowClient()\n"
                + "info = json.load(open(c.download_artifacts(r.info.run_id, 'metric_info.json', '" + dir + "')))\n"
                + "print(json.dumps({'run': r.data.metrics.get('eval_areaUnderROC'),\n"
                + "  'model': {x.key: x.value for x in (m.metrics or [])}.get('eval_areaUnderROC'), 'info': info}))\n");
        double auc = Double.parseDouble(line("AUC"));
        assertEquals(auc, r.get("run").asDouble(), 1e-6, r.toString());
        assertEquals(auc, r.get("model").asDouble(), 1e-6, r.toString());
        assertEquals("org.apache.spark.ml.evaluation.BinaryClassificationEvaluator",
                r.get("info").get("eval_areaUnderROC").get("evaluator_class").asText());
    }

    @Test
    void aCrossValidationIsAParentWithAChildPerParamMapTheBestParamsMetricAndModel() {
        JsonNode r = PythonMlflow.json(uri, dir, "import mlflow, json\n"
                + "e = mlflow.get_experiment_by_name('" + cvExperiment + "')\n"
                + "runs = mlflow.search_runs([e.experiment_id], output_format='list')\n"
                + "parents = [x for x in runs if 'mlflow.parentRunId' not in x.data.tags]\n"
                + "p = parents[0]\n"
                + "children = [x for x in runs if x.data.tags.get('mlflow.parentRunId') == p.info.run_id]\n"
                + "ms = mlflow.search_logged_models(experiment_ids=[e.experiment_id], output_format='list')\n"
                + "c = mlflow.MlflowClient()\n"
                + "best = json.load(open(c.download_artifacts(p.info.run_id, 'best_parameters.json', '" + dir + "')))\n"
                + "csv = open(c.download_artifacts(p.info.run_id, 'search_results.csv', '" + dir + "')).read()\n"
                + "print(json.dumps({'parents': len(parents), 'children': len(children), 'params': p.data.params,\n"
                + "  'metrics': p.data.metrics, 'tags': p.data.tags, 'best': best, 'csv': csv,\n"
                + "  'child_metrics': [x.data.metrics for x in children],\n"
                + "  'child_params': [x.data.params for x in children],\n"
                + "  'child_status': [x.info.status for x in children],\n"
                + "  'models': sorted([x.name + ':' + str(x.status) for x in ms]),\n"
                + "  'model_runs': [x.source_run_id == p.info.run_id for x in ms]}))\n");
        assertEquals(1, r.get("parents").asInt(), r.toString());
        assertEquals(4, r.get("children").asInt(), "4 param maps, autolog.max.tuning.runs=5: " + r);
        assertEquals("CrossValidator", r.get("tags").get("estimator_name").asText());
        JsonNode params = r.get("params");
        assertEquals("3", params.get("numFolds").asText());
        assertEquals("Pipeline", params.get("estimator").asText());
        assertEquals("BinaryClassificationEvaluator", params.get("evaluator").asText());
        assertEquals("areaUnderROC", params.get("BinaryClassificationEvaluator.metricName").asText());
        String bestReg = params.get("best_LogisticRegression.regParam").asText();
        assertTrue(bestReg.equals("0.01") || bestReg.equals("0.3"), params.toString());
        assertTrue(params.has("best_LogisticRegression.elasticNetParam"), params.toString());
        assertEquals(bestReg, r.get("best").get("LogisticRegression.regParam").asText());

        String[] metrics = line("CV_METRICS").replaceAll("[\\[\\] ]", "").split(",");
        double best = Double.NEGATIVE_INFINITY;
        for (String m : metrics) best = Math.max(best, Double.parseDouble(m));
        assertEquals(best, r.get("metrics").get("best_avg_areaUnderROC").asDouble(), 1e-9);
        for (JsonNode m : r.get("child_metrics")) {
            // Java's CrossValidatorModel keeps no per-fold metrics (pyspark computes std_<metric> in Python)
            assertTrue(m.has("avg_areaUnderROC") && !m.has("std_areaUnderROC"), m.toString());
        }
        for (JsonNode p : r.get("child_params")) {
            assertTrue(p.has("LogisticRegression.regParam") && p.has("stages"), p.toString());
        }
        r.get("child_status").forEach(s -> assertEquals("FINISHED", s.asText()));
        String csv = r.get("csv").asText();
        assertTrue(csv.startsWith("params,avg_areaUnderROC,param.LogisticRegression.elasticNetParam,"
                + "param.LogisticRegression.regParam\n\"{\"\"LogisticRegression.elasticNetParam\"\": 0.0, "), csv);
        assertEquals(5, csv.trim().split("\n").length, csv);
        assertEquals(List.of("best_model:READY", "model:READY"),
                texts(r.get("models")));
        r.get("model_runs").forEach(b -> assertTrue(b.asBoolean()));
    }

    @Test
    void theLoggedModelLoadsBackInJavaAndInPythonsPysparkAndPyfuncAndPredictsAsTheOriginal() throws Exception {
        assertEquals("org.apache.spark.ml.PipelineModel", line("LOADED"));
        assertEquals("true", line("RELOADED_SAME"), "Mlflow.loadModel gives the PipelineModel back");
        String modelId = line("MODEL_ID");
        String java = Files.readString(dir.resolve("java-predictions.txt"));
        String python = PythonMlflow.run(uri, dir, "import mlflow\n"
                + "try:\n"
                + "    import pyspark\n"
                + "except ImportError:\n"
                + "    print('NO_PYSPARK')\n"
                + "    raise SystemExit(0)\n"
                + "from pyspark.sql import SparkSession\n"
                + "spark = SparkSession.builder.master('local[1]').config('spark.ui.enabled', 'false').getOrCreate()\n"
                + "model = mlflow.spark.load_model('models:/" + modelId + "')\n"
                + "df = spark.read.parquet('" + dir.resolve("test.parquet") + "')\n"
                + "rows = model.transform(df).select('prediction', 'probability').collect()\n"
                + "served = list(mlflow.pyfunc.load_model('models:/" + modelId + "').predict(df.toPandas()))\n"
                + "for row, p in zip(rows, served):\n"
                + "    print(repr(row.prediction), repr(float(row.probability[1])), repr(float(p)))\n"
                + "spark.stop()\n");
        org.junit.jupiter.api.Assumptions.assumeFalse(python.contains("NO_PYSPARK"),
                "pyspark is not installed in the test venv (scripts/python-requirements.txt pins it)");
        List<String> javaLines = java.lines().toList();
        List<String> pythonLines = python.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(javaLines.size(), pythonLines.size(), python);
        assertTrue(javaLines.size() > 100, "held-out rows: " + javaLines.size());
        for (int i = 0; i < javaLines.size(); i++) {
            String[] j = javaLines.get(i).split(" ");
            String[] p = pythonLines.get(i).split(" ");
            assertEquals(Double.parseDouble(j[0]), Double.parseDouble(p[0]), 0.0, "row " + i);
            assertEquals(Double.parseDouble(j[1]), Double.parseDouble(p[1]), 1e-12, "row " + i);
            assertEquals(Double.parseDouble(j[0]), Double.parseDouble(p[2]), 0.0, "mlflow.pyfunc, row " + i);
        }
    }
}
