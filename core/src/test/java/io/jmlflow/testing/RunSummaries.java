package io.jmlflow.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The summary line each finished run prints ({@code run <name> (<id>) FINISHED: 12 params, 15 metric points, 9 tags,
 * 1 model -> ...}) against what the real Python client reads of the same runs from the store.
 */
public final class RunSummaries {
    private static final Pattern LINE = Pattern.compile("run .+? \\((\\w+)\\) FINISHED: (\\d+) params, "
            + "(\\d+) metric points, (\\d+) tags(?:, (\\d+) models?)? -> .*");

    /** A run's counts. */
    public record Counts(int params, long metricPoints, int tags, int models) {
    }

    private RunSummaries() {
    }

    /** The summary lines of finished runs in {@code output} (a child JVM's stderr), by run id. */
    public static Map<String, Counts> printed(String output) {
        Map<String, Counts> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int at = line.indexOf("run ");
            while (at >= 0) {
                Matcher m = LINE.matcher(line.substring(at));
                if (m.matches()) {
                    out.put(m.group(1), new Counts(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                            Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5))));
                    break;
                }
                at = line.indexOf("run ", at + 1);
            }
        }
        return out;
    }

    /** What Python's MLflow client reads of every run in the store at {@code trackingUri}, by run id. */
    public static Map<String, Counts> inStore(String trackingUri, Path workDir) {
        JsonNode store = PythonMlflow.json(trackingUri, workDir, """
                import json
                from mlflow import MlflowClient
                c = MlflowClient()
                out = {}
                for e in c.search_experiments():
                    for run in c.search_runs([e.experiment_id], max_results=5000):
                        rid = run.info.run_id
                        models = c.search_logged_models(experiment_ids=[e.experiment_id],
                                                        filter_string="source_run_id = '%s'" % rid)
                        out[rid] = [len(run.data.params),
                                    sum(len(c.get_metric_history(rid, k)) for k in run.data.metrics),
                                    len(run.data.tags), len(models)]
                print(json.dumps(out))
                """);
        Map<String, Counts> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = store.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue();
            out.put(e.getKey(), new Counts(c.get(0).asInt(), c.get(1).asLong(), c.get(2).asInt(), c.get(3).asInt()));
        }
        return out;
    }

    /**
     * Asserts that {@code output} has a summary line for each of the {@code runs} expected and that the store, as
     * Python reads it, holds exactly what each line counts. Returns the store's counts.
     */
    public static Map<String, Counts> assertEveryRunReportsTheStore(String output, String trackingUri, Path workDir,
                                                                    int runs) {
        Map<String, Counts> printed = printed(output);
        Map<String, Counts> store = inStore(trackingUri, workDir);
        assertEquals(runs, store.size(), "runs in the store: " + store);
        assertEquals(store.keySet(), printed.keySet(), "one summary line per run:\n" + output);
        for (Map.Entry<String, Counts> e : printed.entrySet()) {
            assertEquals(store.get(e.getKey()), e.getValue(), "run " + e.getKey() + ": the store's counts,"
                    + " then the summary line's");
        }
        StringBuilder warnings = new StringBuilder();
        for (String line : output.split("\n")) {
            if (line.contains("WARN") || line.contains(" 0 params")) warnings.append(line).append('\n');
        }
        assertTrue(store.values().stream().allMatch(c -> c.params() > 0), "runs without params: " + store
                + "\n" + warnings);
        return store;
    }
}
