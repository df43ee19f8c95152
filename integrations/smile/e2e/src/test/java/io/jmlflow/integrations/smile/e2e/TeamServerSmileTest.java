package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.LoggedModelStatus;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.session.RunStarts;
import io.jmlflow.internal.store.rest.RestStore;
import io.jmlflow.samples.smile.BlobsRandomForest;
import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.AppClassPath;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonDownloads;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.Runs;
import io.jmlflow.testing.TeamServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.jmlflow.testing.Runs.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Smile programs under the agent against a team's tracking server (4 workers on PostgreSQL, artifacts in an
 * S3-compatible store): a plain program's model through the server ({@code mlflow-artifacts:}) and straight to S3
 * ({@code s3://}, the application bringing the AWS SDK), which Python's {@code download_artifacts} reads byte for byte;
 * and 8 JVMs autologging at once, every run, metric point and model counted by Python's client.
 */
class TeamServerSmileTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        MlflowConfig.set("s3.endpoint.url", null);
        for (String k : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) System.clearProperty(k);
    }

    @Test
    void aPlainProgramsModelGoesThroughTheServerAndPythonDownloadsTheSameBytes() throws Exception {
        Model m = trainAndRead(TeamServer.proxied(), "smile-proxied", false);
        assertTrue(m.model.artifactLocation().startsWith("mlflow-artifacts:/"), m.model.artifactLocation());
    }

    @Test
    void aPlainProgramsModelGoesStraightToS3AndPythonDownloadsTheSameBytes() throws Exception {
        Model m = trainAndRead(TeamServer.direct(), "smile-direct", true);
        assertTrue(m.model.artifactLocation().startsWith("s3://" + TeamServer.BUCKET + "/direct/"),
                m.model.artifactLocation());
    }

    private record Model(Run run, LoggedModel model) {
    }

    /** Runs BlobsRandomForest under the agent, then compares what Python and this JVM download of its model and run. */
    private Model trainAndRead(MlflowServer server, String experiment, boolean s3Sdk) throws Exception {
        JavaProcess p = patient(SmileJvm.traced(BlobsRandomForest.class, server.uri(), "800", "20"))
                .env("MLFLOW_EXPERIMENT_NAME", experiment).workDir(dir);
        if (s3Sdk) p.classpath(AppClassPath.withS3Sdk(TeamServerSmileTest.class));
        TeamServer.clientEnv().forEach(p::env);
        JavaProcess.Result r = SmileJvm.ok(p);
        assertFalse(r.stderr().contains("WARN"), "no warning: " + r.stderr());

        readS3Directly();
        try (MlflowClient client = new MlflowClient(server.uri())) {
            List<Run> runs = Runs.all(client, experiment);
            assertEquals(1, runs.size());
            Run run = runs.get(0);
            assertEquals(RunStatus.FINISHED, run.info().status());
            assertEquals(1, run.modelOutputs().size());
            LoggedModel model = client.getLoggedModel(run.modelOutputs().get(0));
            assertEquals(LoggedModelStatus.READY, model.status());

            Map<String, String> python = new TreeMap<>(PythonDownloads.sha256sOfUri(server, "models:/" + model.modelId()));
            // MLflow's models:/ download writes this file of its own beside the model's (the URI it resolved)
            python.remove("registered_model_meta");
            Path javaCopy = RestStore.open(server.uri()).artifactRepository(model.artifactLocation())
                    .downloadArtifacts("", dir.resolve("java-model"));
            assertEquals(PythonDownloads.local(javaCopy), python, "the model's files, byte for byte");
            assertTrue(python.containsKey("MLmodel") && python.size() >= 2, python.toString());

            Map<String, String> pythonRun = PythonDownloads.sha256s(server, run.runId(), "");
            Path javaRun = client.downloadArtifacts(run.runId(), "", dir.resolve("java-run"));
            assertEquals(PythonDownloads.local(javaRun), pythonRun, "the run's own artifacts (plots, ...)");

            smile.classification.RandomForest back = (smile.classification.RandomForest) client.loadModel(
                    "models:/" + model.modelId());
            assertEquals(20, back.size());
            assertEquals(metric(run, "oob_accuracy"), back.metrics().accuracy, "the model that was trained");
            return new Model(run, model);
        }
    }

    /**
     * The user's defaults but two bounds: the run-start budget (2 s, after which a run starts in the spool, as
     * designed) and the exit's flush bound (10 s, after which what is left waits in the spool for the next start). A
     * shared 2-core machine running 8 JVMs and 4 server workers can exceed both; these tests are about what reaches
     * the team server, so the programs wait for it.
     */
    private static JavaProcess patient(JavaProcess p) {
        return p.jvmArg("-Dmlflow." + RunStarts.TIMEOUT + "=60000").jvmArg("-Dmlflow.flush.timeout.ms=600000");
    }

    /** This JVM reads s3:// locations as the child did: the store's endpoint and credentials. */
    private static void readS3Directly() {
        Map<String, String> env = TeamServer.clientEnv();
        MlflowConfig.set("s3.endpoint.url", env.get("MLFLOW_S3_ENDPOINT_URL"));
        System.setProperty("aws.accessKeyId", env.get("AWS_ACCESS_KEY_ID"));
        System.setProperty("aws.secretAccessKey", env.get("AWS_SECRET_ACCESS_KEY"));
        System.setProperty("aws.region", env.get("AWS_DEFAULT_REGION"));
    }

    @Test
    void eightJvmsAutologgingAtOnceLoseAndDuplicateNothing() throws Exception {
        MlflowServer server = TeamServer.proxied();
        String experiment = "smile-8-jvms";
        List<CompletableFuture<JavaProcess.Result>> jvms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            JavaProcess p = patient(SmileJvm.traced(ModelsProgram.class, server.uri()))
                    .env("MLFLOW_EXPERIMENT_NAME", experiment).workDir(dir);
            TeamServer.clientEnv().forEach(p::env);
            jvms.add(CompletableFuture.supplyAsync(() -> p.run(900)));
        }
        for (CompletableFuture<JavaProcess.Result> f : jvms) {
            JavaProcess.Result r = f.get();
            assertEquals(0, r.exitCode(), r.describe());
            Map<String, String> reloaded = Runs.lines(r, "MODEL");
            assertEquals(5, reloaded.size(), r.stdout());
            reloaded.forEach((model, line) -> assertTrue(line.endsWith(" true"), "reloaded as trained: " + line));
        }
        JsonNode counts = PythonMlflow.json(server.uri(), dir, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                exp = c.get_experiment_by_name("%s")
                runs = c.search_runs([exp.experiment_id], max_results=1000)
                out = {"runs": len(runs), "finished": sum(r.info.status == "FINISHED" for r in runs), "names": {},
                       "histories": [], "models": 0, "ready": 0, "model_files": 0}
                for r in runs:
                    out["names"][r.info.run_name] = out["names"].get(r.info.run_name, 0) + 1
                    for key in r.data.metrics:
                        h = [(m.step, m.timestamp, m.value) for m in c.get_metric_history(r.info.run_id, key)]
                        if r.info.run_name == "RandomForest" or len(set(h)) != len(h):
                            out["histories"].append([len(h), len(set(h))])
                for m in mlflow.search_logged_models(experiment_ids=[exp.experiment_id], output_format="list"):
                    out["models"] += 1
                    out["ready"] += str(m.status) in ("READY", "LoggedModelStatus.READY")
                    out["model_files"] += any(f.path == "MLmodel" for f in c.list_logged_model_artifacts(m.model_id))
                print(json.dumps(out))
                """.formatted(experiment));
        assertEquals(40, counts.get("runs").asInt(), counts.toString());
        assertEquals(40, counts.get("finished").asInt(), counts.toString());
        // the classification and the regression GradientTreeBoost runs share their name, as in Python's autolog
        Map<String, Integer> names = Map.of("RandomForest", 8, "GradientTreeBoost", 16, "LogisticRegression", 8,
                "KMeans", 8);
        assertEquals(names.size(), counts.get("names").size(), counts.toString());
        names.forEach((name, n) -> assertEquals(n, counts.get("names").path(name).asInt(), name + ": " + counts));
        // every metric point of every run once (a duplicate would come from a batch sent twice)
        assertFalse(counts.get("histories").isEmpty(), counts.toString());
        for (JsonNode h : counts.get("histories")) {
            assertEquals(h.get(1).asInt(), h.get(0).asInt(), "each point once: " + counts);
        }
        assertEquals(40, counts.get("models").asInt(), counts.toString());
        assertEquals(40, counts.get("ready").asInt(), counts.toString());
        assertEquals(40, counts.get("model_files").asInt(), counts.toString());
    }
}
