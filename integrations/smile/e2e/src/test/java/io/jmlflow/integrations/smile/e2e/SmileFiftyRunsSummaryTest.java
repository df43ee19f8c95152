package io.jmlflow.integrations.smile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 24, point 15: a user's loop of 50 autologged trainings ({@link FiftyRunsProgram}: four kinds of models, half
 * of them scored afterwards with {@code Accuracy.of}, which logs onto the model after training) prints one summary
 * line per run, and each line's counts are what the real Python client reads from the store: params, metric points
 * (every point of every metric's history, the post-training ones included), tags and logged models.
 */
class SmileFiftyRunsSummaryTest {
    private static final Pattern SUMMARY = Pattern.compile("run \\S+ \\((\\w+)\\) FINISHED: (\\d+) params, "
            + "(\\d+) metric points, (\\d+) tags(?:, (\\d+) models?)? -> .*");

    @TempDir
    Path dir;

    @Test
    void everyRunOfAFiftyRunLoopReportsWhatTheStoreHolds() {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(FiftyRunsProgram.class, uri).workDir(dir));
        Map<String, Matcher> lines = new LinkedHashMap<>();
        for (String line : r.stderr().lines().toList()) {
            int at = line.indexOf("run ");
            if (at < 0) continue;
            Matcher m = SUMMARY.matcher(line.substring(at));
            if (m.matches()) lines.put(m.group(1), m);
        }
        assertEquals(FiftyRunsProgram.RUNS, lines.size(), "one summary line per run:\n" + r.describe());

        JsonNode store = PythonMlflow.json(uri, dir, """
                import json
                from mlflow import MlflowClient
                c = MlflowClient()
                out = {}
                for run in c.search_runs(["0"], max_results=1000):
                    rid = run.info.run_id
                    models = c.search_logged_models(experiment_ids=["0"], filter_string="source_run_id = '%s'" % rid)
                    out[rid] = {"params": len(run.data.params), "tags": len(run.data.tags),
                                "points": sum(len(c.get_metric_history(rid, k)) for k in run.data.metrics),
                                "models": len(models), "status": run.info.status,
                                "scored": any(k.startswith("eval_") for k in run.data.metrics)}
                print(json.dumps(out))
                """);
        assertEquals(FiftyRunsProgram.RUNS, store.size(), store.toString());
        int scored = 0;
        for (Map.Entry<String, Matcher> e : lines.entrySet()) {
            JsonNode run = store.path(e.getKey());
            Matcher m = e.getValue();
            assertTrue(run.isObject(), e.getKey() + " is not in the store");
            assertEquals("FINISHED", run.path("status").asText());
            assertEquals(run.path("params").asInt(), Integer.parseInt(m.group(2)), m.group(0));
            assertEquals(run.path("points").asInt(), Integer.parseInt(m.group(3)), m.group(0));
            assertEquals(run.path("tags").asInt(), Integer.parseInt(m.group(4)), m.group(0));
            assertEquals(run.path("models").asInt(), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)), m.group(0));
            assertEquals(1, run.path("models").asInt(), m.group(0));
            if (run.path("scored").asBoolean()) scored++;
        }
        assertEquals(FiftyRunsProgram.RUNS / 2, scored, "the runs whose model was scored after training");
    }
}
