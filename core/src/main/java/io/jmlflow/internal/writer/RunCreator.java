package io.jmlflow.internal.writer;

import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.Run;
import io.jmlflow.internal.Failures;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates, on the writer thread, the runs of a store that gives run ids itself (a tracking server). One attempt,
 * bounded by {@code run.create.timeout.ms} (default 2,000): a run the store does not create within it goes to the spool with
 * its creation and everything it logs, and the probe of {@link OfflineSpool} takes over (the store gets no request per
 * entry meanwhile). A refusal (the experiment is deleted, the credentials are not accepted) is said as such once, and
 * the run's data is parked in the spool with its creation, replayed by {@code sync} once that is fixed.
 *
 * <p>An experiment chosen by name while the store did not answer is resolved here too (and at a replay).
 */
final class RunCreator {
    /** Configuration key: the budget of a run's first creation attempt, in milliseconds. */
    static final String TIMEOUT = "run.create.timeout.ms";

    private final TrackingStore store;
    private final OfflineSpool offline;
    private final TrackedRuns runs;
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
    private volatile TrackingStore quick;

    RunCreator(TrackingStore store, OfflineSpool offline, TrackedRuns runs) {
        this.store = store;
        this.offline = offline;
        this.runs = runs;
    }

    static long budgetMillis() {
        return Math.max(1, MlflowConfig.getLong(TIMEOUT, 2000));
    }

    private TrackingStore quick() {
        TrackingStore q = quick;
        if (q == null) quick = q = store.withoutRetries(budgetMillis());
        return q;
    }

    /** The id of an experiment this creator resolved by name, or null. */
    String experimentId(String name) {
        return experimentIds.get(name);
    }

    void create(TrackedRun run) {
        TrackedRun.Creation c = run.creation();
        if (offline.isOffline()) {
            spool(run, offline.offlineReason(), offline.needsConfiguration());
            return;
        }
        try {
            String experimentId = c.experimentId();
            if (c.experimentName() != null) experimentId = resolve(c.experimentName());
            Run created = quick().createRun(experimentId == null ? "0" : experimentId, c.userId(), c.startTime(),
                    c.tags(), c.runName());
            String id = created.info().runId();
            if (run.created(id, created.info().experimentId(), created.info().artifactUri())) {
                offline.spool().mapId(run.key(), id); // its creation had been spooled meanwhile: a replay must skip it
            }
            runs.indexStoreId(run);
        } catch (MlflowException e) {
            if (Failures.isWorthKeeping(e)) {
                offline.goOffline(e, "; runs and what they log go");
                spool(run, Failures.describe(e), Failures.needsConfiguration(e));
            } else {
                refuse(run, e);
            }
        } catch (IOException | RuntimeException e) {
            refuse(run, e);
        }
    }

    private String resolve(String name) {
        String known = experimentIds.get(name);
        if (known != null) return known;
        TrackingStore s = quick();
        Experiment e = s.getExperimentByName(name);
        String id;
        if (e != null) {
            id = e.experimentId();
        } else {
            try {
                id = s.createExperiment(name, null, List.of());
            } catch (MlflowException exists) {
                if (!MlflowException.RESOURCE_ALREADY_EXISTS.equals(exists.errorCode())) throw exists;
                id = s.getExperimentByName(name).experimentId();
            }
        }
        experimentIds.put(name, id);
        return id;
    }

    /** Its creation goes to the spool with the first thing it logs there ({@link OfflineSpool#ensureCreation}). */
    private void spool(TrackedRun run, String why, boolean configuration) {
        run.spooled(why, configuration);
    }

    void refuse(TrackedRun run, Exception e) {
        String why = Failures.describe(e);
        run.refused(why);
        String kept;
        try {
            offline.ensureCreation(run);
            kept = "; what it logs is parked in the local spool " + offline.dir() + " (no request per entry), replayed"
                    + " by `java -jar mlflow-agent.jar sync` once that is fixed";
        } catch (IOException io) {
            kept = "; what it logs cannot be recorded (the spool " + offline.dir() + " cannot be written: "
                    + io.getMessage() + ")";
        }
        Log.warn("could not create a run in " + store.uri() + " (run " + run.creation().runName() + "): " + why
                + "; training goes on" + kept);
    }
}
