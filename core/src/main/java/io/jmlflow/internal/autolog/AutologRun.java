package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.AutologOptions;
import io.jmlflow.Mlflow;
import io.jmlflow.internal.session.RunStack;
import io.jmlflow.RunOptions;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;

/**
 * The run one autologged training call logs into, with MLflow's rules: with no active run, autologging starts
 * one (tagged {@code mlflow.autologging=<integration>}) and ends it when training ends; inside a run the user
 * started, it logs into that run and leaves it open, unless the {@code exclusive} option is set, in which case it
 * logs nothing.
 *
 * <pre>{@code
 * AutologRun scope = AutologRun.begin("smile", "RandomForest");   // null: nothing to log
 * ... scope.run().logParam(...) ...
 * scope.end(thrown);                     // or, heavy work after training off the training thread:
 * scope.endAfter(() -> saveModelAndPlots(), thrown);
 * }</pre>
 */
public final class AutologRun {
    /** The training being logged on this thread, from {@link #begin} to {@link #endAfter} or {@link #end}. */
    private static final ThreadLocal<AutologRun> TRAINING = new ThreadLocal<>();

    private final String integration;
    private final ActiveRun run;
    private final boolean owned;

    private AutologRun(String integration, ActiveRun run, boolean owned) {
        this.integration = integration;
        this.run = run;
        this.owned = owned;
    }

    /**
     * The run to log {@code integration}'s training into, or null when autologging is off for it, when the thread's
     * run belongs to the user and {@code exclusive} is set, or when no run could be started (warned once). Never
     * throws.
     */
    public static AutologRun begin(String integration, String runName) {
        try {
            AutologOptions options = AutologState.options();
            if (!options.isEnabled(integration)) return null;
            AutologTesting.maybeFail(integration, "start");
            ActiveRun active = Mlflow.activeRun();
            if (active != null) {
                if (options.exclusive() && !active.createdByAutolog()) return null;
                return training(new AutologRun(integration, active, false));
            }
            RunOptions runOptions = RunOptions.named(runName).autolog(integration);
            // true turns them on for this run; false leaves the decision to MLflow's global switch
            if (options.logSystemMetrics()) runOptions.logSystemMetrics(true);
            return training(new AutologRun(integration, Mlflow.startRun(runOptions), true));
        } catch (RuntimeException e) {
            Log.warnOnce("autolog-start:" + integration, integration + " autologging could not start a run: "
                    + e.getMessage());
            return null;
        }
    }

    private static AutologRun training(AutologRun scope) {
        TRAINING.set(scope);
        return scope;
    }

    /**
     * The integration whose training is being logged on this thread (it called {@link #begin} here and has not yet
     * handed the run its end), or null. A library that another library calls inside its training (XGBoost inside
     * Tribuo's trainers) logs nothing of its own then: the outer training's run and model are the user's view.
     */
    public static String trainingOnThisThread() {
        AutologRun scope = TRAINING.get();
        if (scope == null) return null;
        if (scope.run.isEnded()) {
            TRAINING.remove();
            return null;
        }
        return scope.integration;
    }

    private void trainingEnded() {
        if (TRAINING.get() == this) TRAINING.remove();
    }

    /** The run to log into. */
    public ActiveRun run() {
        return run;
    }

    /** True when autologging started this run (and {@link #end} will end it). */
    public boolean owned() {
        return owned;
    }

    /**
     * Submits {@code work} (may be null) and then, when autologging started the run, the end of the run (FINISHED,
     * or FAILED when {@code thrown} is not null) to {@link PostTrainingWork}; returns at once.
     */
    public void endAfter(Runnable work, Throwable thrown) {
        trainingEnded();
        AutologTesting.maybeFail(integration, "end");
        try {
            // The training thread is done with this run: its next training call must not log into it.
            if (owned) RunStack.detach(run);
            // the work below writes to the store soon: a local store not open yet starts opening beside it
            io.jmlflow.internal.store.DeferredStore.openAllNow();
            if (work != null) PostTrainingWork.submit(run.runId(), work);
            if (owned) {
                PostTrainingWork.submit(run.runId(), "end of run " + run.runId(), new Runnable() { // in the training call
                    @Override
                    public void run() {
                        end(thrown);
                    }
                });
            }
        } catch (RuntimeException e) {
            Log.warn("could not hand autologged run " + run.runId() + " its post-training work: " + e.getMessage());
        }
    }

    /** Ends the run when autologging started it: FINISHED, or FAILED when {@code thrown} is not null. */
    public void end(Throwable thrown) {
        trainingEnded();
        if (!owned) return;
        try {
            run.end(thrown == null ? RunStatus.FINISHED : RunStatus.FAILED);
        } catch (RuntimeException e) {
            Log.warn("could not end autologged run " + run.runId() + ": " + e.getMessage());
        }
    }
}
