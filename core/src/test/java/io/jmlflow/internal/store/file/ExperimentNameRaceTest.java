package io.jmlflow.internal.store.file;

import io.jmlflow.Mlflow;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.ViewType;
import io.jmlflow.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Five JVMs set the same new experiment by name on one file store at the same moment, twenty times over: each name
 * ends up as one experiment (MLflow's file store has no such guarantee; the SQL stores have it from a unique index).
 */
class ExperimentNameRaceTest {
    private static final int JVMS = 5;
    private static final int TRIALS = 20;

    @TempDir
    Path dir;

    @Test
    void fiveJvmsSettingOneNewExperimentCreateItOnceInEachOfTwentyTrials() throws Exception {
        Path root = dir.resolve("mlruns");
        long startAt = System.currentTimeMillis() + 4000; // every JVM is up by then
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            jvms.add(JavaProcess.main(SetExperimentMain.class, Long.toString(startAt), Integer.toString(TRIALS))
                    .env("MLFLOW_TRACKING_URI", root.toUri().toString()).workDir(dir).start());
        }
        for (Process p : jvms) {
            String out = new String(p.getInputStream().readAllBytes()) + new String(p.getErrorStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
        }
        FileStore store = FileStore.open(root.toString());
        Map<String, Integer> byName = new TreeMap<>();
        for (Experiment e : store.searchExperiments(ViewType.ALL, 1000, null, null, null).items()) {
            byName.merge(e.name(), 1, Integer::sum);
        }
        for (int t = 0; t < TRIALS; t++) {
            assertEquals(1, byName.getOrDefault("race-" + t, 0), "race-" + t + ": " + byName);
        }
    }

    /** Sets experiments race-0 .. race-(n-1), each at an instant all JVMs share (every 150 ms from the start). */
    public static final class SetExperimentMain {
        public static void main(String[] args) throws Exception {
            long startAt = Long.parseLong(args[0]);
            int trials = Integer.parseInt(args[1]);
            for (int t = 0; t < trials; t++) {
                long wait = startAt + t * 150L - System.currentTimeMillis();
                if (wait > 0) Thread.sleep(wait);
                if (Mlflow.setExperiment("race-" + t) == null) {
                    throw new IllegalStateException("no experiment race-" + t);
                }
            }
            System.exit(0);
        }
    }
}
