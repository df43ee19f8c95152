package io.jmlflow.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The README's main job, {@code bash scripts/run-sample.sh}, and its {@code --ui}, as a new user runs them. */
class MainJobTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "\\[mlflow] run RandomForest \\(([0-9a-f]{32})\\) FINISHED: .* -> sqlite:///mlflow\\.db \\(experiment 0\\); view: .*");
    private static final Pattern UI_LINE = Pattern.compile(
            "\\[ui] the latest run: (http://127\\.0\\.0\\.1:(\\d+))/#/experiments/0/runs/([0-9a-f]{32})\\?workflowType=machine_learning");

    @Test
    void mainJobTrainsThePlainSmileProgramUnderTheAgentAndSaysHowToViewIt() {
        SampleRuns.Sample s = SampleRuns.script("smile");
        String out = s.output().describe();
        assertTrue(s.output().stdout().contains("io.jmlflow.samples.smile.BlobsRandomForest   (no MLflow code in it"), out);
        assertTrue(s.output().stdout().contains("random forest: 50 trees, out-of-bag accuracy"), out);
        Matcher summary = SUMMARY.matcher(s.output().stderr());
        assertTrue(summary.find(), out);
        assertTrue(s.output().stdout().contains("[sample] open it in the MLflow UI (the project's pinned MLflow, nothing to install): bash "
                + Scripts.root().resolve("scripts/run-sample.sh") + " --ui"), out);
        assertTrue(Files.isRegularFile(s.dir().resolve("mlflow.db")), out);
        assertEquals(summary.group(1), s.run().runId(), "the summary line names the run in ./mlflow.db");
    }

    @Test
    void realPythonClientFindsParamsTrainingMetricsDatasetPlotsAndAReadyModel() {
        RunContents run = SampleRuns.script("smile").run();
        JsonNode r = run.json();
        String all = r.toString();
        assertEquals("FINISHED", r.get("status").asText(), all);
        assertEquals("RandomForest", r.get("run").asText(), all);
        assertEquals("50", r.path("params").path("ntrees").asText(), all);
        assertEquals("12", r.path("params").path("maxDepth").asText(), all);
        assertEquals("2000", r.path("params").path("training_set_size").asText(), all);
        for (String m : List.of("training_accuracy_score", "training_f1_score", "training_roc_auc", "oob_accuracy")) {
            double v = r.path("metrics").path(m).asDouble(-1);
            assertTrue(v > 0.8 && v <= 1.0, m + " = " + v + " in " + all);
        }
        assertFalse(r.path("history").has("tree_oob_accuracy"), all);
        assertEquals("smile", r.path("tags").path("mlflow.autologging").asText(), all);
        assertEquals(1, r.get("datasets").size(), all);
        assertEquals("train", r.get("datasets").get(0).get("contexts").get(0).asText(), all);
        assertTrue(run.names().containsAll(Set.of("estimator.html", "training_confusion_matrix.svg", "training_roc_curve.svg",
                "training_precision_recall_curve.svg")), all);
        assertEquals(1, r.get("models").size(), all);
        JsonNode model = r.get("models").get(0);
        assertTrue(model.get("status").asText().contains("READY"), all);
        assertEquals("[\"smile\"]", model.get("flavors").toString(), all);
        assertEquals("50", model.path("params").path("ntrees").asText(), all);
    }

    @Test
    void uiServesTheRunAtTheAddressItPrintsAndStopsWithTheScript() throws Exception {
        SampleRuns.Sample s = SampleRuns.script("smile");
        String runId = s.run().runId();
        Process ui = Scripts.command(s.dir(), "run-sample.sh", "--ui", "0").redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = in.readLine()) != null; ) lines.add(l);
                } catch (IOException e) {
                    lines.add("(read failed: " + e + ")");
                }
            });
            reader.setDaemon(true);
            reader.start();
            Matcher found = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (found == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    if (!ui.isAlive() && lines.isEmpty()) break;
                    continue;
                }
                seen.add(line);
                Matcher m = UI_LINE.matcher(line);
                if (m.matches()) found = m;
            }
            assertNotNull(found, "no run address printed:\n" + String.join("\n", seen));
            assertEquals(runId, found.group(3), String.join("\n", seen));
            String base = found.group(1);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<div id=\"root\""), page.body());
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/2.0/mlflow/runs/get?run_id=" + runId)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, api.statusCode(), api.body());
            assertEquals("RandomForest", new ObjectMapper().readTree(api.body()).path("run").path("info").path("run_name").asText(),
                    api.body());

            ui.destroy();  // SIGTERM, as a terminal's Ctrl-C reaches the script
            assertTrue(ui.waitFor(60, TimeUnit.SECONDS), "run-sample.sh --ui did not end on SIGTERM");
            int port = Integer.parseInt(found.group(2));
            long closedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (listening(port)) {
                if (System.nanoTime() > closedBy) fail("mlflow ui still listens on " + port + " after the script ended");
                Thread.sleep(200);
            }
        } finally {
            if (ui.isAlive()) {  // a failed assertion: end it as a user would, so that it stops its server
                ui.destroy();
                if (!ui.waitFor(60, TimeUnit.SECONDS)) ui.destroyForcibly();
            }
        }
        assertFalse(ui.isAlive());
    }

    private static boolean listening(int port) throws IOException {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
