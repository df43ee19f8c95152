package io.jmlflow.testing;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.ViewType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading back what a child JVM logged: runs by experiment and name, metric histories, lines the program printed. */
public final class Runs {
    private Runs() {
    }

    /** All runs of an experiment (by name; "Default" is experiment 0). */
    public static List<Run> all(MlflowClient client, String experiment) {
        String id = client.getExperimentByName(experiment).orElseThrow().experimentId();
        List<Run> out = new ArrayList<>();
        String token = null;
        do {
            var page = client.searchRuns(List.of(id), "", ViewType.ACTIVE_ONLY, 1000, null, token);
            out.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    /** The one run named {@code name}. */
    public static Run named(List<Run> runs, String name) {
        List<Run> found = runs.stream().filter(r -> name.equals(r.info().runName())).toList();
        assertEquals(1, found.size(),
                "runs named " + name + " among " + runs.stream().map(r -> r.info().runName()).toList());
        return found.get(0);
    }

    /** Steps and values of a metric's history, by step. */
    public static List<Metric> history(MlflowClient client, String runId, String key) {
        List<Metric> h = new ArrayList<>(client.getMetricHistory(runId, key));
        h.sort(Comparator.comparingLong(Metric::step));
        return h;
    }

    /** Lines {@code <prefix> <key> <value>} of a program's output, as key -> value. */
    public static Map<String, String> lines(JavaProcess.Result r, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.startsWith(prefix + " ")) continue;
            String[] parts = line.substring(prefix.length() + 1).split(" ", 2);
            out.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return out;
    }

    /**
     * A program's output with its accuracies blanked: Smile's forests draw random seeds, so two runs of the same
     * program print the same lines with slightly different numbers.
     */
    public static String withoutAccuracies(String stdout) {
        return stdout.replaceAll("accuracy [0-9.]+", "accuracy N");
    }

    /**
     * Judged by Python's MLflow client: the run has exactly one {@code eval} dataset input, and its logged model's
     * metric {@code key} names that dataset (name and digest), as Python's autolog does for the data a model was
     * evaluated on.
     */
    public static void assertEvalInputNamedByModelMetric(String trackingUri, java.nio.file.Path workDir, String runId,
                                                         String key) {
        com.fasterxml.jackson.databind.JsonNode py = PythonMlflow.json(trackingUri, workDir, """
                import json, mlflow
                from mlflow import MlflowClient
                r = MlflowClient().get_run("%s")
                m = mlflow.get_logged_model(r.outputs.model_outputs[0].model_id)
                evals = [[d.dataset.name, d.dataset.digest] for d in r.inputs.dataset_inputs
                         if {t.key: t.value for t in d.tags}.get("mlflow.data.context") == "eval"]
                metric = [[x.dataset_name, x.dataset_digest] for x in m.metrics if x.key == "%s"]
                print(json.dumps({"evals": evals, "metric": metric}))
                """.formatted(runId, key));
        assertEquals(1, py.get("evals").size(), "one eval input: " + py);
        assertEquals(1, py.get("metric").size(), "one " + key + " on the model: " + py);
        assertEquals(py.get("evals").get(0).toString(), py.get("metric").get(0).toString(),
                "the model's " + key + " names the eval input (name, digest): " + py);
    }

    public static double metric(Run run, String key) {
        Double v = run.data().metric(key);
        if (v == null) throw new AssertionError("no metric " + key + " in " + run.data().metrics());
        return v;
    }
}
