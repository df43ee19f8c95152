package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.JavaProcess;
import io.jmlflow.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every autologged run that ends prints its summary line, after its post-training work (the model), even when the
 * program exits right after its last fit; the line's counts are what the store holds for the run.
 */
class SmileRunSummaryTest {
    private static final Pattern SUMMARY = Pattern.compile("run RandomForest \\((\\w+)\\) FINISHED: (\\d+) params, "
            + "(\\d+) metric points, (\\d+) tags, 1 model -> .*");

    @TempDir
    Path dir;

    @Test
    void eachOfEightRunsEndedAtExitReportsWhatTheStoreHolds() {
        String uri = "sqlite:///" + dir.resolve("mlflow.db");
        JavaProcess.Result r = SmileJvm.ok(SmileJvm.traced(ManyFitsProgram.class, uri).workDir(dir));
        List<Matcher> lines = new ArrayList<>();
        for (String line : r.stderr().lines().toList()) {
            Matcher m = SUMMARY.matcher(line.substring(Math.max(0, line.indexOf("run RandomForest"))));
            if (m.matches()) lines.add(m);
        }
        assertEquals(8, lines.size(), "one summary per run: " + r.describe());
        try (MlflowClient client = new MlflowClient(uri)) {
            assertEquals(8, Runs.all(client, "Default").size());
            for (Matcher m : lines) {
                Run run = client.getRun(m.group(1));
                assertEquals(run.data().params().size(), Integer.parseInt(m.group(2)), m.group(0));
                long points = 0;
                for (Metric latest : run.data().metrics()) {
                    points += client.getMetricHistory(run.runId(), latest.key()).size();
                }
                assertEquals(points, Long.parseLong(m.group(3)), m.group(0));
                assertEquals(run.data().tags().size(), Integer.parseInt(m.group(4)), m.group(0));
            }
        }
    }
}
