package io.jmlflow.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main job: QuickStart under the agent, no configuration, read back by `mlflow` in that directory. */
class QuickStartTest {
    @TempDir
    Path dir;

    @Test
    void quickStartUnderTheAgentLogsToMlflowDbAndMlflowReadsIt() {
        String agent = System.getProperty("mlflow.agent.jar");
        JavaProcess.Result r = JavaProcess.main(QuickStart.class, "2000").workDir(dir)
                .classpath(System.getProperty("user.dir") + "/" + System.getProperty("jm.target", "target") + "/classes")
                .jvmArg("-javaagent:" + agent).run(180);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("trained: training accuracy"), r.describe());
        assertTrue(r.stderr().contains("run logistic-regression (") && r.stderr().contains("FINISHED: 4 params, 31 metric points")
                && r.stderr().contains("1 model -> sqlite:///mlflow.db") && r.stderr().contains("view: mlflow ui"), r.describe());
        assertTrue(Files.isRegularFile(dir.resolve("mlflow.db")), r.describe());

        JsonNode py = PythonMlflow.json(null, dir, String.join("\n",
                "import json, mlflow",
                "from mlflow import MlflowClient",
                "exp = mlflow.get_experiment_by_name('quickstart')",
                "runs = mlflow.search_runs(experiment_ids=[exp.experiment_id], output_format='list')",
                "r = runs[0]",
                "h = MlflowClient().get_metric_history(r.info.run_id, 'loss')",
                "models = mlflow.search_logged_models(experiment_ids=[exp.experiment_id], output_format='list')",
                "print(json.dumps({'n': len(runs), 'status': r.info.status, 'params': r.data.params, 'loss': len(h),",
                "  'models': [str(m.status) for m in models]}))"));
        assertEquals(1, py.get("n").asInt());
        assertEquals("FINISHED", py.get("status").asText());
        assertEquals("0.5", py.get("params").get("config.learningRate").asText(), py.toString());
        assertEquals("30", py.get("params").get("config.epochs").asText(), py.toString());
        assertEquals(30, py.get("loss").asInt());
        assertTrue(py.get("models").get(0).asText().contains("READY"), py.toString());
    }
}
