package io.jmlflow.integrations.xgboost.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Run;
import io.jmlflow.samples.xgboost.CreditData;
import io.jmlflow.samples.xgboost.CreditDefault;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Runs;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model a plain XGBoost4J program logged under the agent, taken by Python's MLflow as its own: loaded with
 * {@code mlflow.pyfunc.load_model("models:/<id>")} and {@code mlflow.xgboost.load_model}, and served with
 * {@code mlflow models serve --env-manager local}, all three predict the rows the Java booster predicts (within 1e-6);
 * and {@code Mlflow.loadModel} gives the Java booster back.
 */
class XGBoostCrossLanguageTest {
    private static final int ROWS = 25;

    /**
     * Python's three ways to the model's predictions, as JSON: pyfunc, the xgboost flavor, and a served
     * {@code /invocations} (the server on a free port of 127.0.0.1, ended by the script however it ends).
     */
    private static final String PYTHON = """
            import json, os, signal, socket, subprocess, sys, time, urllib.request
            import mlflow, pandas as pd, xgboost as xgb
            uri, columns, rows = "models:/%s", %s, %s
            frame = pd.DataFrame(rows, columns=columns)
            out = {"pyfunc": [float(v) for v in mlflow.pyfunc.load_model(uri).predict(frame)],
                   "xgboost": [float(v) for v in mlflow.xgboost.load_model(uri).predict(xgb.DMatrix(frame))]}
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            # as from an activated venv: the server starts the venv's uvicorn by name
            env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
            log = open("serve.log", "w")
            server = subprocess.Popen([sys.executable, "-m", "mlflow", "models", "serve", "-m", uri, "--env-manager",
                                       "local", "-h", "127.0.0.1", "-p", str(port)], start_new_session=True, env=env,
                                      stdout=log, stderr=subprocess.STDOUT)
            try:
                body = json.dumps({"dataframe_split": {"columns": columns, "data": rows}}).encode()
                deadline = time.time() + 180
                while True:
                    try:
                        request = urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=body,
                                                         headers={"Content-Type": "application/json"})
                        out["served"] = json.load(urllib.request.urlopen(request, timeout=30))["predictions"]
                        break
                    except OSError:
                        if server.poll() is not None or time.time() > deadline:
                            sys.stderr.write(open("serve.log").read())
                            raise
                        time.sleep(0.5)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=60)
            print(json.dumps(out))
            """;

    @TempDir
    Path dir;

    @Test
    void pythonLoadsAndServesTheJavaModelAndPredictsAsTheJavaBooster() throws Exception {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        AgentJvm.ok(AgentJvm.traced(AgentJvm.plain(getClass(), CreditDefault.class.getName()), uri, null)
                .env("MLFLOW_EXPERIMENT_NAME", "cross-language").workDir(dir));
        String modelId;
        float[][] java;
        float[] features = CreditData.features(ROWS, 99L, null);
        try (MlflowClient client = new MlflowClient(uri)) {
            Run run = Runs.all(client, "cross-language").get(0);
            modelId = run.modelOutputs().get(0);
            Booster booster = (Booster) client.loadModel("models:/" + modelId);
            java = booster.predict(new DMatrix(features, ROWS, CreditData.FEATURES.length, Float.NaN));
        }
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < ROWS; i++) {
            rows.append(i == 0 ? "[" : ", [");
            for (int f = 0; f < CreditData.FEATURES.length; f++) {
                rows.append(f == 0 ? "" : ", ").append(features[i * CreditData.FEATURES.length + f]);
            }
            rows.append(']');
        }
        rows.append(']');
        String columns = "[\"" + String.join("\", \"", CreditData.FEATURES) + "\"]";
        JsonNode python = PythonMlflow.json(uri, dir, String.format(PYTHON, modelId, columns, rows));
        for (String way : List.of("pyfunc", "xgboost", "served")) {
            JsonNode predicted = python.get(way);
            assertEquals(ROWS, predicted.size(), way + ": " + predicted);
            for (int i = 0; i < ROWS; i++) {
                double value = predicted.get(i).isArray() ? predicted.get(i).get(0).asDouble() : predicted.get(i).asDouble();
                assertEquals(java[i][0], value, 1e-6, way + " row " + i);
            }
        }
    }
}
