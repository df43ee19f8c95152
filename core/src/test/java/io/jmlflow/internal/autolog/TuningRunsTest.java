package io.jmlflow.internal.autolog;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowConfig;
import io.jmlflow.RuntimeTestSupport;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;
import io.jmlflow.testing.PythonMlflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A search logged as parent + best children, read back by our client and by the real MLflow from SQLite. */
class TuningRunsTest {
    @TempDir
    Path dir;
    String uri;

    @BeforeEach
    void setUp() {
        RuntimeTestSupport.resetMlflow();
        AutologState.resetForTesting();
        Log.resetOnceForTesting();
        MlflowConfig.set("default.artifact.root", dir.resolve("mlruns").toString());
        uri = "sqlite:///" + dir.resolve("mlflow.db");
        Mlflow.setTrackingUri(uri);
    }

    @AfterEach
    void tearDown() {
        AutologState.resetForTesting();
        RuntimeTestSupport.resetMlflow();
    }

    /** Seven candidates of a grid over (trees, depth); accuracy is the score, one tie at 0.90. */
    private static List<TuningRuns.Candidate> grid() {
        double[] acc = {0.81, 0.90, 0.86, 0.93, 0.90, 0.78, 0.88};
        List<TuningRuns.Candidate> out = new ArrayList<>();
        for (int i = 0; i < acc.length; i++) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("trees", String.valueOf(10 * (i + 1)));
            params.put("depth", i % 2 == 0 ? "4" : "8");
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("mean_test_accuracy", acc[i]);
            metrics.put("std_test_accuracy", 0.01 * i);
            out.add(new TuningRuns.Candidate(params, metrics, acc[i]));
        }
        return out;
    }

    @Test
    void parentGetsBestParamsAndCvResultsAndTheBestCandidatesGetChildRuns() throws Exception {
        AutologState.configure(AutologOptions.create().maxTuningRuns(3));
        String experimentId = Mlflow.setExperiment("tuning").experimentId();
        String parentId;
        try (ActiveRun parent = Mlflow.startRun("grid")) {
            parentId = parent.runId();
            TuningRuns.log(parent, "mean_test_accuracy", true, grid());
            assertSame(parent, Mlflow.activeRun(), "children must not stay the thread's active run");
            assertFalse(parent.isEnded(), "children must not end the parent");
        }

        MlflowClient client = Mlflow.client();
        Run parent = client.getRun(parentId);
        assertEquals(RunStatus.FINISHED, parent.info().status());
        assertEquals("40", parent.data().params().get("best_trees"));
        assertEquals("8", parent.data().params().get("best_depth"));
        assertEquals(0.93, parent.data().metric("best_mean_test_accuracy"));

        List<Run> children = new ArrayList<>(client.searchRuns(List.of(experimentId),
                "tags.mlflow.parentRunId = '" + parentId + "'"));
        children.sort(Comparator.comparing(r -> r.info().runName()));
        assertEquals(List.of("grid-candidate-1", "grid-candidate-2", "grid-candidate-2"),
                children.stream().map(r -> r.info().runName()).toList());
        Set<String> childTrees = new TreeSet<>();
        for (Run child : children) {
            assertEquals(RunStatus.FINISHED, child.info().status());
            childTrees.add(child.data().params().get("trees"));
            assertTrue(child.data().metric("mean_test_accuracy") >= 0.90, child.toString());
            assertTrue(child.data().metric("std_test_accuracy") != null);
        }
        assertEquals(Set.of("20", "40", "50"), childTrees);

        Path csv = client.downloadArtifacts(parentId, TuningRuns.CV_RESULTS_FILE, dir.resolve("dl"));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("rank,param_trees,param_depth,mean_test_accuracy,std_test_accuracy", lines.get(0));
        assertEquals(List.of(
                "1,40,8,0.93,0.03",
                "2,20,8,0.9,0.01",
                "2,50,4,0.9,0.04",
                "4,70,4,0.88,0.06",
                "5,30,4,0.86,0.02",
                "6,10,4,0.81,0.0",
                "7,60,8,0.78,0.05"), lines.subList(1, lines.size()));

        JsonNode py = PythonMlflow.json(uri, dir, String.join("\n",
                "import json, mlflow, pandas",
                "from mlflow import MlflowClient",
                "c = MlflowClient()",
                "runs = c.search_runs(['" + experimentId + "'], \"tags.mlflow.parentRunId = '" + parentId + "'\")",
                "p = c.get_run('" + parentId + "')",
                "local = mlflow.artifacts.download_artifacts(run_id='" + parentId + "', artifact_path='cv_results.csv')",
                "df = pandas.read_csv(local)",
                "print(json.dumps({'children': sorted(r.info.run_name for r in runs),",
                "  'parents': sorted(set(r.data.tags.get('mlflow.parentRunId') for r in runs)),",
                "  'best': p.data.params.get('best_trees'), 'rows': len(df), 'ranks': df['rank'].tolist(),",
                "  'trees': df['param_trees'].tolist()}))"));
        assertEquals(3, py.get("children").size());
        assertEquals("grid-candidate-1", py.get("children").get(0).asText());
        assertEquals(1, py.get("parents").size());
        assertEquals(parentId, py.get("parents").get(0).asText());
        assertEquals("40", py.get("best").asText());
        assertEquals(7, py.get("rows").asInt());
        assertEquals("[1,2,2,4,5,6,7]", py.get("ranks").toString());
        assertEquals("[40,20,50,70,30,10,60]", py.get("trees").toString());
    }

    @Test
    void lowerIsBetterZeroChildrenAndOddValuesStillGiveACvResultsFile() throws Exception {
        AutologState.configure(AutologOptions.create().maxTuningRuns(0));
        List<TuningRuns.Candidate> candidates = List.of(
                new TuningRuns.Candidate(Map.of("kernel", "rbf, wide"), Map.of(), 0.5),
                new TuningRuns.Candidate(Map.of("kernel", "linear"), Map.of(), 0.2),
                new TuningRuns.Candidate(Map.of("kernel", "poly"), Map.of(), Double.NaN));
        String experimentId = Mlflow.setExperiment("tuning-rmse").experimentId();
        String parentId;
        try (ActiveRun parent = Mlflow.startRun("svm-search")) {
            parentId = parent.runId();
            TuningRuns.log(parent, "rmse", false, candidates);
            TuningRuns.log(parent, "rmse", false, List.of()); // nothing to log, no error
            TuningRuns.log(null, "rmse", false, candidates);
        }
        MlflowClient client = Mlflow.client();
        assertTrue(client.searchRuns(List.of(experimentId), "tags.mlflow.parentRunId = '" + parentId + "'").isEmpty());
        Run parent = client.getRun(parentId);
        assertEquals("linear", parent.data().params().get("best_kernel"));
        assertEquals(0.2, parent.data().metric("best_rmse"));
        List<String> lines = Files.readAllLines(client.downloadArtifacts(parentId, TuningRuns.CV_RESULTS_FILE,
                dir.resolve("dl")), StandardCharsets.UTF_8);
        assertEquals(List.of("rank,param_kernel,rmse", "1,linear,0.2", "2,\"rbf, wide\",0.5", "3,poly,NaN"), lines);
    }
}
