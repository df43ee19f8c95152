package io.jmlflow.internal.store.rest;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.RunStatus;

import java.util.List;

/**
 * A program that logs through a {@link RestStore} and returns from {@code main} without closing it; the JVM
 * must still exit (no non-daemon HTTP threads). Prints the run id. Args: server URI, experiment name.
 */
public final class RestExitProbe {
    private RestExitProbe() {
    }

    public static void main(String[] args) {
        RestStore store = RestStore.open(args[0]);
        String exp = store.createExperiment(args[1], null, List.of());
        String run = store.createRun(exp, "probe", System.currentTimeMillis(), List.of(), "exit-probe").runId();
        store.logBatch(run, List.of(new Metric("m", 0.75, System.currentTimeMillis(), 0)), List.of(), List.of());
        store.updateRunInfo(run, RunStatus.FINISHED, System.currentTimeMillis(), null);
        store.artifactRepository(store.getRun(run).info().artifactUri()).listArtifacts(null);
        System.out.println(run);
    }
}
