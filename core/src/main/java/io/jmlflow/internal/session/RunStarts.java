package io.jmlflow.internal.session;

import io.jmlflow.MlflowConfig;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.Tag;
import io.jmlflow.internal.Ids;
import io.jmlflow.internal.RunNames;
import io.jmlflow.internal.SystemTags;
import io.jmlflow.internal.Validation;
import io.jmlflow.internal.store.DeferredStore;
import io.jmlflow.internal.writer.TrackedRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starting a run without waiting for the network. The run gets its id on the calling thread ({@code Ids.runId()}):
 * local stores take it as it is (autologging's runs are created on the store's own thread, see
 * {@link DeferredStore}); a tracking server gives its own, so the writer creates the run there and the run is known
 * by our id until then ({@link TrackedRun}). A run the user starts waits for that creation at most
 * {@code run.create.timeout.ms} (default 2,000); autologging's runs do not wait at all.
 */
public final class RunStarts {
    /** Configuration key of the first-attempt budget, in milliseconds. */
    public static final String TIMEOUT = "run.create.timeout.ms";

    private RunStarts() {
    }

    public static long budgetMillis() {
        return Math.max(1, MlflowConfig.getLong(TIMEOUT, 2000));
    }

    /**
     * Starts a run in {@code experimentId} (or, when that is null, in the experiment named {@code experimentName},
     * which the store resolves later). Never throws for a store that does not answer or refuses: the run's data is
     * spooled or parked, with a warning.
     */
    public static TrackedRun start(Session s, String experimentId, String experimentName, String runName,
                                   Map<String, String> tags, boolean autolog) {
        String key = Ids.runId();
        Map<String, String> all = new LinkedHashMap<>(SystemTags.forNewRun());
        all.putAll(tags);
        String name = runName != null ? runName : all.containsKey(SystemTags.RUN_NAME) ? all.get(SystemTags.RUN_NAME)
                : RunNames.generate();
        all.put(SystemTags.RUN_NAME, name);
        String user = all.getOrDefault(SystemTags.USER, System.getProperty("user.name", "unknown"));
        long startTime = System.currentTimeMillis();
        TrackedRun.Creation creation = new TrackedRun.Creation(experimentId,
                experimentId == null ? experimentName : null, user, startTime, name, toTags(all));
        if (s.storeGivesRunIds()) {
            TrackedRun run = s.logger().createRun(key, creation);
            if (!autolog) run.awaitDecision(budgetMillis() + 500);
            return run;
        }
        String known = experimentId == null && experimentName == null ? "0" : experimentId;
        if (autolog && s.store().underlying() instanceof DeferredStore d) {
            TrackedRun run = s.runs().created(key, creation, known);
            d.createRunInBackground(key, new Supplier<Run>() { // not a lambda: this runs inside a training call
                @Override
                public Run get() {
                    String in = known != null ? known : ExperimentChoice.idForName(d, experimentName);
                    run.inExperiment(in);
                    Run made = d.createRunWithId(key, in, user, startTime, creation.tags(), name);
                    if (made != null) run.artifactsAt(made.info().artifactUri()); // its artifacts need no read of it
                    return made;
                }
            });
            return run;
        }
        try {
            String experiment = known != null ? known
                    : ExperimentChoice.idForName(s.store().underlying(), experimentName);
            Run made = s.store().underlying().createRunWithId(key, experiment, user, startTime, creation.tags(), name);
            TrackedRun run = s.runs().created(key, creation, experiment);
            if (made != null) run.artifactsAt(made.info().artifactUri());
            return run;
        } catch (RuntimeException e) {
            return s.logger().refusedRun(key, creation, e);
        }
    }

    /**
     * Resumes run {@code runId} (RUNNING again, renamed when {@code runName} is set); returns it as the store has it,
     * or null when the store did not answer within the budget (the run is resumed all the same: what it logs waits in
     * the spool). A run the store does not have raises, as in MLflow.
     */
    public static Run resume(Session s, String runId, String runName) {
        Run existing = null;
        try {
            if (!s.logger().offline().isOffline()) existing = s.quickStore().getRun(runId);
        } catch (io.jmlflow.MlflowException e) {
            if (!io.jmlflow.internal.Failures.isWorthKeeping(e)) throw e;
            s.logger().offline().goOffline(e, "; what runs log goes");
        }
        try {
            s.client().updateRun(runId, io.jmlflow.entities.RunStatus.RUNNING, null, existing == null ? null : runName);
        } catch (io.jmlflow.MlflowException e) {
            if (!io.jmlflow.internal.Failures.isWorthKeeping(e)) throw e;
        }
        return existing;
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            Tag t = Validation.tag(new Tag(e.getKey(), e.getValue()));
            if (t != null) out.add(t);
        }
        return out;
    }
}
