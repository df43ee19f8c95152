package io.jmlflow.internal.store.sqlite;

import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM for the SQLite tests.
 * <ul>
 *   <li>{@code log <uri> <artifactRoot> <runId> <key> <points>}: logs {@code points} values of {@code key}
 *   (first half in batches of 100, second half in batches of 10), each batch with one point of the shared key
 *   {@code shared}, then prints {@code done}.</li>
 *   <li>{@code default <experiment>}: opens MLflow's default {@code sqlite:///mlflow.db} in the working
 *   directory, logs a run with an artifact and a logged model, and prints their locations as JSON.</li>
 * </ul>
 */
public final class SqliteLoggerMain {
    private SqliteLoggerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("log")) {
            log(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]));
        } else if (args[0].equals("default")) {
            defaults(args[1]);
        } else {
            throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void log(String uri, String artifactRoot, String runId, String key, int points) {
        try (SqliteStore store = SqliteStore.open(uri, artifactRoot)) {
            int step = 0;
            int batchNo = 0;
            while (step < points) {
                int size = step < points / 2 ? 100 : 10;
                List<Metric> batch = new ArrayList<>();
                for (int i = 0; i < size && step < points; i++, step++) {
                    batch.add(new Metric(key, step * 0.5, System.currentTimeMillis(), step));
                }
                batch.add(new Metric("shared", batchNo, System.currentTimeMillis(), batchNo));
                batchNo++;
                store.logBatch(runId, batch, List.of(), List.of());
            }
        }
        System.out.println("done");
    }

    private static void defaults(String experimentName) throws Exception {
        try (SqliteStore store = SqliteStore.open("sqlite:///mlflow.db")) {
            String exp = store.createExperiment(experimentName, null, List.of());
            Experiment e = store.getExperiment(exp);
            Run run = store.createRun(exp, "java", System.currentTimeMillis(), List.of(), "java-default");
            Path file = Files.writeString(Paths.get("report.txt"), "java report");
            store.artifactRepository(run.info().artifactUri()).logArtifact(file, "docs");
            LoggedModel m = store.createLoggedModel(exp, "java-model", run.runId(), List.of(), List.of(), null);
            Path modelDir = Files.createDirectories(Paths.get("model-src"));
            Files.writeString(modelDir.resolve("MLmodel"), "artifact_path: model\n");
            ArtifactRepository repo = store.artifactRepository(m.artifactLocation());
            repo.logArtifacts(modelDir, null);
            System.out.println("{\"experiment_id\": \"" + exp + "\", \"experiment_location\": \"" + e.artifactLocation()
                    + "\", \"run_id\": \"" + run.runId() + "\", \"artifact_uri\": \"" + run.info().artifactUri()
                    + "\", \"model_id\": \"" + m.modelId() + "\", \"model_location\": \"" + m.artifactLocation() + "\"}");
        }
    }
}
