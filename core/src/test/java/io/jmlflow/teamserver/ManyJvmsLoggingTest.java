package io.jmlflow.teamserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmlflow.internal.session.RunStarts;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.MlflowServer;
import io.jmlflow.testing.PythonMlflow;
import io.jmlflow.testing.TeamServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 8 JVMs logging 200,000 metric points each at once to the team server (4 workers on PostgreSQL), with the user's
 * defaults (parallel batches): every point is there once, each run's last tag value is its last, its latest metric
 * values are those of its last step, and it is FINISHED, as Python's client and MLflow's own database layer count.
 */
class ManyJvmsLoggingTest {
    private static final int JVMS = 8;
    private static final int POINTS = 100_000; // 800,000 in all, two tag phases per run: enough to overlap 8 JVMs

    @TempDir
    Path dir;

    @Test
    void eightJvmsLogTwoHundredThousandPointsEachAndNothingIsLostOrDuplicated() throws Exception {
        MlflowServer server = TeamServer.proxied();
        String experiment = "many-jvms";
        List<CompletableFuture<JavaProcess.Result>> jvms = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            // The user's defaults but the run-start budget (2 s, after which a run starts in the spool, as designed):
            // 8 JVMs starting at once against 4 workers on a shared 2-core machine can take longer than that, and
            // this test is about the parallel writers, not about a server too slow to create a run.
            JavaProcess p = JavaProcess.main(PointsProgram.class, Integer.toString(POINTS))
                    .jvmArg("-Dmlflow." + RunStarts.TIMEOUT + "=60000")
                    // the program waits for its points to be written, as Python's client (synchronous) does
                    .jvmArg("-Dmlflow.flush.timeout.ms=900000")
                    .env("MLFLOW_TRACKING_URI", server.uri()).env("MLFLOW_EXPERIMENT_NAME", experiment)
                    .env("MLFLOW_DISABLE_TELEMETRY", "true").workDir(dir);
            jvms.add(CompletableFuture.supplyAsync(() -> p.run(900)));
        }
        Set<String> runIds = new HashSet<>();
        for (CompletableFuture<JavaProcess.Result> f : jvms) {
            JavaProcess.Result r = f.get();
            assertEquals(0, r.exitCode(), r.describe());
            assertFalse(r.stderr().contains("WARN"), "no warning: " + r.stderr());
            for (String line : r.stdout().split("\n")) if (line.startsWith("RUN ")) runIds.add(line.substring(4).trim());
        }
        assertEquals(JVMS, runIds.size());

        JsonNode counts = PythonMlflow.json(server.uri(), dir, """
                import json, os
                from mlflow import MlflowClient
                from sqlalchemy import create_engine, text
                c = MlflowClient()
                exp = c.get_experiment_by_name("%s")
                out = {}
                engine = create_engine("%s")
                with engine.connect() as db:
                    for r in c.search_runs([exp.experiment_id], max_results=100):
                        rows = db.execute(text("select count(*), count(distinct (key, step)), min(step), max(step)"
                                               " from metrics where run_uuid = :r"), {"r": r.info.run_id}).one()
                        out[r.info.run_id] = {"status": r.info.status, "rows": rows[0], "distinct": rows[1],
                                              "min_step": rows[2], "max_step": rows[3],
                                              "latest": r.data.metrics, "tags": r.data.tags, "params": r.data.params,
                                              "history": len(c.get_metric_history(r.info.run_id, "m9"))}
                print(json.dumps(out))
                """.formatted(experiment, server.backendStoreUri()));
        assertEquals(runIds, iterable(counts.fieldNames()), counts.toString().substring(0, 300));
        for (String id : runIds) {
            JsonNode run = counts.get(id);
            String what = id + ": status " + run.get("status") + ", rows " + run.get("rows");
            assertEquals("FINISHED", run.get("status").asText(), what);
            assertEquals(POINTS, run.get("rows").asInt(), "each point once: " + what);
            assertEquals(POINTS, run.get("distinct").asInt(), what);
            assertEquals(0, run.get("min_step").asInt(), what);
            assertEquals(POINTS / 10 - 1, run.get("max_step").asInt(), what);
            assertEquals(POINTS / 10, run.get("history").asInt(), "Python's client reads each point of m9: " + what);
            for (int k = 0; k < 10; k++) {
                assertEquals(POINTS - 10 + k, run.get("latest").get("m" + k).asDouble(), "the last step's value: " + what);
            }
            assertEquals(Integer.toString(POINTS / 50_000 - 1), run.get("tags").get("phase").asText(),
                    "the tag's last value: " + what);
            assertEquals(Integer.toString(POINTS), run.get("params").get("points").asText(), what);
        }
        assertTrue(runIds.stream().allMatch(id -> counts.get(id).get("latest").size() == 10), counts.toString()
                .substring(0, 300));
    }

    private static Set<String> iterable(java.util.Iterator<String> names) {
        Set<String> out = new HashSet<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
