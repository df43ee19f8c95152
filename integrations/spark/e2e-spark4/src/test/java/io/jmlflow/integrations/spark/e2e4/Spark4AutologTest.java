package io.jmlflow.integrations.spark.e2e4;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark 4 (Scala 2.13): the integration, compiled against Spark 3.5, logs the sample's cross-validation as it does on
 * 3.5 (the declared range includes 4.0), judged by Python MLflow.
 */
class Spark4AutologTest {
    @TempDir
    Path dir;

    @Test
    void aCrossValidationOnSpark4IsAParentWithAChildPerParamMapAndItsModels() {
        String uri = "file:" + dir.resolve("mlruns");
        JavaProcess program = AgentJvm.plain(getClass(), "io.jmlflow.samples.spark.ChurnCrossValidation", "600")
                .jvmArg("-Xmx1g").workDir(dir);
        for (String flag : System.getProperty("spark.java17.opens", "").trim().split("\\s+")) program.jvmArg(flag);
        JavaProcess.Result r = AgentJvm.ok(AgentJvm.traced(program, uri, null));
        assertTrue(r.stdout().contains("best average areaUnderROC"), r.stdout());
        assertFalse(r.stderr().contains("autologging is off"), r.stderr());
        JsonNode j = PythonMlflow.json(uri, dir, "import mlflow, json\n"
                + "runs = mlflow.search_runs(['0'], output_format='list')\n"
                + "p = [x for x in runs if 'mlflow.parentRunId' not in x.data.tags][0]\n"
                + "ms = mlflow.search_logged_models(experiment_ids=['0'], output_format='list')\n"
                + "spark = mlflow.models.get_model_info('models:/' + ms[0].model_id).flavors['spark']\n"
                + "print(json.dumps({'runs': len(runs), 'status': [x.info.status for x in runs],\n"
                + "  'best': p.data.params.get('best_LogisticRegression.regParam'), 'metrics': p.data.metrics,\n"
                + "  'models': sorted(m.name + ':' + str(m.status) for m in ms), 'pyspark': spark['pyspark_version']}))\n");
        assertEquals(5, j.get("runs").asInt(), "a parent and 4 children: " + j);
        j.get("status").forEach(s -> assertEquals("FINISHED", s.asText()));
        assertTrue(j.get("best").asText().matches("0\\.01|0\\.3"), j.toString());
        assertTrue(j.get("metrics").has("best_avg_areaUnderROC"), j.toString());
        assertEquals("[\"best_model:READY\",\"model:READY\"]", j.get("models").toString());
        assertEquals(System.getProperty("spark4.version"), j.get("pyspark").asText());
    }
}
