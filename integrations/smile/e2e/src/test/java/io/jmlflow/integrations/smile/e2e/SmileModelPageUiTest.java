package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.MlflowClient;
import io.jmlflow.entities.DatasetInput;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.MlflowServer;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, points 1 and 2 as a user sees them: a Smile run ({@link ModelPageProgram}) logged through a real
 * {@code mlflow server}, whose UI headless Chromium (Debian's, {@code scripts/ensure-chromium.sh}) opens on the run's
 * logged model page ({@code scripts/ui_model_page.py}): "Created by" is the user, "Logged from" the program, and
 * "Datasets used" the train dataset with its digest. The screenshot stays in
 * {@code target/ui-artifacts/smile-logged-model.png}.
 */
class SmileModelPageUiTest {
    static final Path SCREENSHOT = Paths.get("target", "ui-artifacts", "smile-logged-model.png").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theLoggedModelPageShowsItsDatasetAndWhoCreatedIt() throws Exception {
        try (MlflowServer server = MlflowServer.start(dir.resolve("server"), true)) {
            SmileJvm.ok(SmileJvm.traced(ModelPageProgram.class, server.uri(), dir.toString()).workDir(dir));
            Files.deleteIfExists(SCREENSHOT);
            JsonNode page = modelPage(server.uri(), SCREENSHOT);

            assertEquals(System.getProperty("user.name"), page.path("Created by").asText(), page.toString());
            assertEquals(ModelPageProgram.class.getName(), page.path("Logged from").asText(), page.toString());
            try (MlflowClient client = new MlflowClient(server.uri())) {
                Run run = client.getRun(page.path("run_id").asText());
                DatasetInput train = run.datasetInputs().stream()
                        .filter(i -> "train".equals(i.tags().get("mlflow.data.context"))).findFirst().orElseThrow();
                assertEquals(train.dataset().name() + " (#" + train.dataset().digest() + ")",
                        page.path("Datasets used").asText(), page.toString());
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode line : page.path("lines")) lines.add(line.asText());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("blobs_test (#")), "the eval dataset in the metrics");
            assertTrue(Files.size(SCREENSHOT) > 30_000, SCREENSHOT + " is " + Files.size(SCREENSHOT) + " bytes");
        }
    }

    /** Runs {@code scripts/ui_model_page.py} against the server; its JSON (the last line it prints). */
    static JsonNode modelPage(String base, Path png) throws IOException, InterruptedException {
        Path root = PythonMlflow.repoRoot();
        Process chromium = new ProcessBuilder("bash", root.resolve("scripts/ensure-chromium.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String browser = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, chromium.waitFor(), "scripts/ensure-chromium.sh");
        ProcessBuilder pb = new ProcessBuilder(PythonMlflow.python(), root.resolve("scripts/ui_model_page.py").toString(),
                base, png.toString());
        pb.environment().putAll(PythonMlflow.baseEnv());
        pb.environment().put("PYTHONPATH", root.resolve("scripts").toString());
        pb.environment().put("CHROMIUM", browser);
        pb.environment().put("CHROMEDRIVER", "/usr/bin/chromedriver");
        Path err = Files.createTempFile("ui-model-page", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        assertTrue(done && p.exitValue() == 0, "ui_model_page.py failed:\n" + out + "\n" + stderr);
        String[] lines = out.trim().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
