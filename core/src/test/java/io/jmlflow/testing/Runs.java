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
     * The run has exactly one {@code eval} dataset input, and its logged model's metric {@code key} names that
     * dataset (name and digest), as Python's autolog does for the data a model was evaluated on.
     */
    public static void assertEvalInputNamedByModelMetric(MlflowClient client, Run run, String key) {
        List<io.jmlflow.entities.DatasetInput> evals = new ArrayList<>();
        for (io.jmlflow.entities.DatasetInput i : run.datasetInputs()) {
            if ("eval".equals(i.tags().get("mlflow.data.context"))) evals.add(i);
        }
        assertEquals(1, evals.size(), "one eval input: " + run.datasetInputs());
        io.jmlflow.entities.LoggedModel model = client.getLoggedModel(run.modelOutputs().get(0));
        Metric metric = null;
        for (Metric m : model.metrics()) if (m.key().equals(key)) metric = m;
        org.junit.jupiter.api.Assertions.assertNotNull(metric, "no " + key + " on the model: " + model.metrics());
        assertEquals(evals.get(0).dataset().digest(), metric.datasetDigest());
        assertEquals(evals.get(0).dataset().name(), metric.datasetName());
    }

    public static double metric(Run run, String key) {
        Double v = run.data().metric(key);
        if (v == null) throw new AssertionError("no metric " + key + " in " + run.data().metrics());
        return v;
    }
}
