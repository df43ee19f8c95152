package io.jmlflow.internal.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.Tag;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several writers on one SQLite file: threads sharing a store, and two logging JVMs while the real MLflow reads
 * (as {@code mlflow ui} would).
 */
class SqliteConcurrencyTest {
    private static final int POINTS = 10_000;

    @TempDir
    Path tmp;

    @Test
    void twoJvmsLogWhilePythonReads() throws Exception {
        Path db = tmp.resolve("mlflow.db");
        String runId;
        String experimentId;
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            experimentId = store.createExperiment("concurrent", null, List.of());
            runId = store.createRun(experimentId, "tester", System.currentTimeMillis(), List.of(), "shared").runId();
        }
        Path stop = tmp.resolve("stop");
        Process reader = python(tmp, """
                import json, os, time
                from mlflow import MlflowClient
                c = MlflowClient()
                polls, errors, last = 0, [], {"jvm0": 0, "jvm1": 0}
                while True:
                    stopping = os.path.exists("stop")
                    try:
                        for key in ("jvm0", "jvm1"):
                            n = len(c.get_metric_history("%s", key))
                            if n < last[key]:
                                errors.append(f"{key} went back from {last[key]} to {n}")
                            last[key] = n
                        c.get_run("%s").data.metrics
                        c.search_runs(["%s"])
                        polls += 1
                    except Exception as e:
                        errors.append(repr(e))
                    if stopping:
                        break
                    time.sleep(0.05)
                print(json.dumps({"polls": polls, "errors": errors, "last": last}))
                """.formatted(runId, runId, experimentId));
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            writers.add(java(tmp, "writer" + i, "log", SqliteTesting.uri(db), tmp.resolve("mlruns").toString(), runId,
                    "jvm" + i, Integer.toString(POINTS)));
        }
        for (int i = 0; i < writers.size(); i++) {
            Process w = writers.get(i);
            assertTrue(w.waitFor(10, TimeUnit.MINUTES), "writer " + i + " did not finish");
            String err = Files.readString(tmp.resolve("writer" + i + ".err"));
            assertEquals(0, w.exitValue(), "writer " + i + " failed:\n" + err);
            assertEquals("done", Files.readString(tmp.resolve("writer" + i + ".out")).trim());
            assertFalse(err.contains("Exception") || err.toLowerCase().contains("locked"), err);
        }
        Files.writeString(stop, "");
        assertTrue(reader.waitFor(5, TimeUnit.MINUTES), "python reader did not stop");
        String readerOut = Files.readString(tmp.resolve("reader.out"));
        assertEquals(0, reader.exitValue(), readerOut + Files.readString(tmp.resolve("reader.err")));
        JsonNode summary = new ObjectMapper().readTree(readerOut.trim().substring(readerOut.trim().lastIndexOf('\n') + 1));
        assertEquals("[]", summary.get("errors").toString());
        assertTrue(summary.get("polls").asInt() > 0);
        assertEquals(POINTS, summary.get("last").get("jvm0").asInt());
        assertEquals(POINTS, summary.get("last").get("jvm1").asInt());

        int batchesPerWriter = POINTS / 2 / 100 + POINTS / 2 / 10;
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            for (String key : List.of("jvm0", "jvm1")) {
                List<Metric> history = store.getMetricHistory(runId, key);
                assertEquals(POINTS, history.size(), key);
                assertEquals(POINTS, history.stream().map(Metric::step).distinct().count(), key);
            }
            assertEquals(2 * batchesPerWriter, store.getMetricHistory(runId, "shared").size());
            Run run = store.getRun(runId);
            assertEquals((POINTS - 1) * 0.5, run.data().metric("jvm0"));
            assertEquals((POINTS - 1) * 0.5, run.data().metric("jvm1"));
            assertEquals(batchesPerWriter - 1, run.data().metric("shared"));
        }
        assertEquals(List.of(List.of("jvm0", "9999", "0"), List.of("jvm1", "9999", "0"),
                        List.of("shared", Integer.toString(batchesPerWriter - 1), "0")),
                SqliteTesting.query(db, "SELECT key, step, is_nan FROM latest_metrics WHERE run_uuid = '" + runId + "' ORDER BY key"));
    }

    @Test
    void threadsShareOneStore() throws Exception {
        try (SqliteStore store = SqliteTesting.open(tmp)) {
            String exp = store.createExperiment("threads", null, List.of());
            List<String> runs = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                String run = store.createRun(exp, "u", t, List.of(), "thread-" + t).runId();
                runs.add(run);
                Thread thread = new Thread(() -> {
                    try {
                        for (int step = 0; step < 200; step++) {
                            store.logBatch(run, List.of(new Metric("m", step, step, step)), List.of(),
                                    List.of(new Tag("last", Integer.toString(step))));
                            store.getRun(run);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) thread.join();
            assertEquals(List.of(), failures);
            for (String run : runs) {
                assertEquals(200, store.getMetricHistory(run, "m").size());
                assertEquals(199.0, store.getRun(run).data().metric("m"));
                assertEquals("199", store.getRun(run).data().tags().get("last"));
            }
        }
    }

    @Test
    void defaultUriAndArtifactRootMatchMlflowInTheWorkingDirectory() throws Exception {
        Process p = java(tmp, "default", "default", "java-exp");
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("default.err")));
        JsonNode java = new ObjectMapper().readTree(Files.readString(tmp.resolve("default.out")).trim());
        assertTrue(Files.isRegularFile(tmp.resolve("mlflow.db")), "sqlite:///mlflow.db is relative to the working directory");

        // The real MLflow with no tracking URI at all uses the same ./mlflow.db and ./mlruns.
        String out = PythonMlflow.run(null, tmp, """
                import json, mlflow
                from mlflow import MlflowClient
                c = MlflowClient()
                exp_id = mlflow.create_experiment("python-exp")
                with mlflow.start_run(experiment_id=exp_id) as r:
                    pass
                model = mlflow.initialize_logged_model(name="py-model", experiment_id=exp_id)
                java_run = c.get_run("%s")
                print(json.dumps({
                    "uri": mlflow.get_tracking_uri(),
                    "java_exp": c.get_experiment_by_name("java-exp").artifact_location,
                    "python_exp": c.get_experiment(exp_id).artifact_location, "python_exp_id": exp_id,
                    "python_run": r.info.artifact_uri, "python_run_id": r.info.run_id,
                    "python_model": model.artifact_location, "python_model_id": model.model_id,
                    "java_files": [f.path for f in c.list_artifacts(java_run.info.run_id, "docs")],
                    "java_model_files": [f.path for f in c.list_logged_model_artifacts("%s")],
                }))
                """.formatted(java.get("run_id").asText(), java.get("model_id").asText()));
        JsonNode py = new ObjectMapper().readTree(out.trim().substring(out.trim().lastIndexOf('\n') + 1));
        assertEquals(SqliteTesting.uri(tmp.toRealPath().resolve("mlflow.db")), py.get("uri").asText());
        String root = tmp.toRealPath().resolve("mlruns").toString();
        assertEquals(java.get("experiment_location").asText(), py.get("java_exp").asText());
        assertEquals(root + "/" + java.get("experiment_id").asText(), java.get("experiment_location").asText());
        assertEquals(root + "/" + py.get("python_exp_id").asText(), py.get("python_exp").asText());
        assertEquals(root + "/" + java.get("experiment_id").asText() + "/" + java.get("run_id").asText() + "/artifacts",
                java.get("artifact_uri").asText());
        assertEquals(root + "/" + py.get("python_exp_id").asText() + "/" + py.get("python_run_id").asText() + "/artifacts",
                py.get("python_run").asText());
        assertEquals(root + "/" + java.get("experiment_id").asText() + "/models/" + java.get("model_id").asText()
                + "/artifacts", java.get("model_location").asText());
        assertEquals(root + "/" + py.get("python_exp_id").asText() + "/models/" + py.get("python_model_id").asText()
                + "/artifacts", py.get("python_model").asText());
        assertEquals("[\"docs/report.txt\"]", py.get("java_files").toString());
        assertEquals("[\"MLmodel\"]", py.get("java_model_files").toString());
        assertTrue(Files.isRegularFile(Paths.get(java.get("artifact_uri").asText(), "docs", "report.txt")));
    }

    /** Starts the test main in a new JVM with the test class path; stdout and stderr go to {@code name}.out/.err. */
    private static Process java(Path workDir, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SqliteLoggerMain.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(workDir.resolve(name + ".out").toFile())
                .redirectError(workDir.resolve(name + ".err").toFile()).start();
    }

    private static Process python(Path workDir, String script) throws IOException {
        Path file = workDir.resolve("reader.py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(PythonMlflow.python(), file.toString()).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("reader.out").toFile())
                .redirectError(workDir.resolve("reader.err").toFile());
        pb.environment().putAll(PythonMlflow.baseEnv());
        pb.environment().put("MLFLOW_TRACKING_URI", SqliteTesting.uri(workDir.resolve("mlflow.db")));
        return pb.start();
    }
}
