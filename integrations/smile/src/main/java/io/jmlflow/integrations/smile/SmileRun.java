package io.jmlflow.integrations.smile;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.internal.session.RunStack;
import io.jmlflow.RunOptions;
import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.PostTrainingWork;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The run one Smile training (or validation) call logs into, following MLflow's autolog rules through
 * {@link AutologRun}: a run of its own when none is active; the user's active run for the first Smile training in
 * it, and a nested run for each later one (so two models trained in one user run never fight over the same param
 * keys); a nested run under the validation's run for each fit inside a cross-validation.
 */
final class SmileRun {
    static final String INTEGRATION = "smile";
    /** User runs that already hold a Smile model's params. */
    private static final Set<ActiveRun> USED = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<ActiveRun, Boolean>()));

    final ActiveRun run;
    /** True when this integration started the run and ends it. */
    final boolean owned;
    /** The autolog scope of a run of an outermost call (its work runs after training), else null. */
    private final AutologRun scope;

    private SmileRun(ActiveRun run, boolean owned, AutologRun scope) {
        this.run = run;
        this.owned = owned;
        this.scope = scope;
    }

    /** The run for a training or validation call outside any validation; null when nothing is to be logged. */
    static SmileRun open(String runName) {
        AutologRun scope = AutologRun.begin(INTEGRATION, runName);
        if (scope == null) return null;
        if (scope.owned()) return new SmileRun(scope.run(), true, scope);
        if (USED.add(scope.run())) return new SmileRun(scope.run(), false, scope);
        return nested(runName, Map.of());
    }

    /** A run nested under the thread's active run, ended by {@link #end}; null (warned once) when it cannot start. */
    static SmileRun nested(String runName, Map<String, String> tags) {
        try {
            return new SmileRun(Mlflow.startRun(RunOptions.named(runName).nested(true).autolog(INTEGRATION)
                    .tags(tags)), true, null);
        } catch (RuntimeException e) {
            Log.warnOnce("smile-nested-run", "smile autologging could not start a nested run: " + e.getMessage());
            return null;
        }
    }

    String runId() {
        return run.runId();
    }

    /**
     * Runs {@code work} (may be null) and then ends the run when this integration started it: FINISHED, or FAILED
     * when training threw. Both go to {@link PostTrainingWork} and this returns at once. Never throws.
     */
    void endAfter(Runnable work, Throwable thrown) {
        if (scope != null) {
            scope.endAfter(work, thrown);
            return;
        }
        try {
            // a nested run of ours, as AutologRun does for its own: off this thread now, ended after its work
            RunStack.detach(run);
            if (work != null) PostTrainingWork.submit(runId(), work);
            PostTrainingWork.submit(runId(), "end of run " + runId(), () -> end(thrown));
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("smile-post-training", "smile autologging could not hand run " + runId()
                    + " its post-training work: " + e);
            end(thrown);
        }
    }

    /** Ends the run when this integration started it: FINISHED, or FAILED when training threw. */
    void end(Throwable thrown) {
        if (!owned) return;
        try {
            run.end(thrown == null ? RunStatus.FINISHED : RunStatus.FAILED);
        } catch (RuntimeException e) {
            Log.warn("could not end autologged run " + run.runId() + ": " + e.getMessage());
        }
    }
}
