package io.jmlflow.integrations.dl4j;

import io.jmlflow.internal.autolog.AutologRun;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.TrainedModels;
import org.deeplearning4j.nn.api.Model;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DL4J run policy: which model trains in which run, and when runs end (see the package documentation for the
 * rules). Trainings ({@link Dl4jTraining}) are kept per model instance (by identity) while their run is open; a
 * shutdown hook completes those still open when the JVM exits.
 */
final class Dl4jRun {
    private static final Object LOCK = new Object();
    private static final List<Dl4jTraining> OPEN = new ArrayList<>();
    /** Per thread: the model whose training was last ended because another model started, and that other model. */
    private static final ThreadLocal<WeakReference<?>[]> LAST_SUPERSEDED = new ThreadLocal<>();
    /** How many models autologging has logged into each run of this JVM (runs are few; ids are small). */
    private static final Map<String, List<WeakReference<Model>>> MODELS_PER_RUN = new HashMap<>();
    private static volatile boolean hookInstalled;

    private Dl4jRun() {
    }

    /** An outermost {@code fit} begins; true when it is logged (then {@link #fitEnded} follows). */
    static boolean fitStarted(Object target, Object[] arguments) {
        if (!(target instanceof Model) || !Dl4jTraining.isNetwork(target)) return false;
        if (!AutologState.isEnabled(Dl4jIntegration.NAME)) return false;
        Model model = (Model) target;
        Dl4jTraining training = trainingFor(model);
        if (training == null) return false;
        if (training.fitStarted(arguments)) return true;
        // the training just ended, idle, on another thread: this call begins a new one
        training = trainingFor(model);
        return training != null && training.fitStarted(arguments);
    }

    /** The outermost {@code fit} returned or threw. */
    static void fitEnded(Object target, Throwable thrown) {
        Dl4jTraining s = find(target);
        if (s == null) return;
        s.fitEnded();
        if (s.isEarlyStopping()) return; // the early-stopping trainer decides (it catches fit errors)
        if (thrown != null) {
            finish(s, Dl4jTraining.End.FAILED, thrown);
        } else if (s.completesWhenCallEnds()) {
            finish(s, Dl4jTraining.End.COMPLETED, null);
        }
    }

    static boolean earlyStoppingStarted(Object target, Object configuration) {
        if (!(target instanceof Model) || !Dl4jTraining.isNetwork(target)) return false;
        if (!AutologState.isEnabled(Dl4jIntegration.NAME)) return false;
        Dl4jTraining training = trainingFor((Model) target);
        if (training == null) return false;
        training.earlyStoppingStarted(configuration);
        return true;
    }

    static void earlyStoppingEnded(Object target, Object result, Throwable thrown) {
        Dl4jTraining s = find(target);
        if (s == null) return;
        remove(s);
        s.finishEarlyStopping(result, thrown);
    }

    /**
     * The open training of {@code model}, or a new one: first ends trainings that must end (the model's own when the
     * user ended its run; on this thread, other models' trainings that are not driven by an early-stopping trainer).
     * Null when autologging logs nothing for this training (exclusive, no run could start).
     */
    private static Dl4jTraining trainingFor(Model model) {
        Dl4jTraining own = find(model);
        if (own != null && own.run().isEnded()) {
            remove(own);
            own.finish(Dl4jTraining.End.RUN_ENDED, null, model);
            own = null;
        }
        if (own != null) return own;
        boolean alternating = false;
        for (Dl4jTraining other : openOnThisThread()) {
            if (other.isEarlyStopping()) continue;
            if (returnsAfterBeingSuperseded(model, other.model)) {
                alternating = true; // a GAN-style loop: keep the other run open and share it
                continue;
            }
            remove(other);
            LAST_SUPERSEDED.set(new WeakReference<?>[] {new WeakReference<>(other.model), new WeakReference<>(model)});
            other.finish(Dl4jTraining.End.SUPERSEDED, null, other.model);
        }
        AutologRun scope = AutologRun.begin(Dl4jIntegration.NAME, null);
        if (scope == null) return null;
        int index = modelIndexInRun(scope.run().runId(), model);
        String prefix = "";
        if (index > 1) {
            // Another model already logged into this run (the user's run, or a GAN-style loop): params cannot change
            // within a run, so this one logs only its metrics and model, under a prefix.
            prefix = "model_" + index + ".";
            Log.warnOnce("dl4j-shared-run:" + scope.run().runId(), "dl4j autologging: "
                    + (alternating ? "models trained in turn on one thread" : "several models trained in one run")
                    + " share run " + scope.run().runId() + "; the second model logs its metrics with the prefix '"
                    + prefix + "' and no params (and so on for further models)");
        }
        Dl4jTraining training = Dl4jTraining.open(model, scope, prefix, index == 1);
        synchronized (LOCK) {
            OPEN.add(training);
        }
        TrainedModels.trainingStarted();
        installShutdownHook();
        IdleTrainings.watch();
        return training;
    }

    /** 1 for the first model autologged into the run, 2 for the second, ...; a model keeps its number. */
    private static int modelIndexInRun(String runId, Model model) {
        synchronized (LOCK) {
            List<WeakReference<Model>> models = MODELS_PER_RUN.computeIfAbsent(runId, k -> new ArrayList<>());
            for (int i = 0; i < models.size(); i++) if (models.get(i).get() == model) return i + 1;
            models.add(new WeakReference<>(model));
            return models.size();
        }
    }

    /** The run ended: its model numbering is no longer needed. */
    static void forgetRun(String runId) {
        synchronized (LOCK) {
            MODELS_PER_RUN.remove(runId);
        }
    }

    /** True when {@code model}'s previous training was ended because {@code current} started training. */
    private static boolean returnsAfterBeingSuperseded(Model model, Model current) {
        WeakReference<?>[] last = LAST_SUPERSEDED.get();
        return last != null && last[0].get() == model && last[1].get() == current;
    }

    /**
     * Ends {@code s} when it is a training of separate {@code fit} calls that has been idle (called by
     * {@link IdleTrainings}, on its thread); true when it ended.
     */
    static boolean finishIdle(Dl4jTraining s) {
        synchronized (s) { // fitStarted takes this lock: no fit starts between the check and the end
            if (!s.idleLoop()) return false;
            remove(s);
            s.finish(Dl4jTraining.End.IDLE, null, s.model);
            return true;
        }
    }

    /** The trainings open now. */
    static List<Dl4jTraining> open() {
        synchronized (LOCK) {
            return new ArrayList<>(OPEN);
        }
    }

    private static void finish(Dl4jTraining s, Dl4jTraining.End how, Throwable thrown) {
        remove(s);
        s.finish(how, thrown, s.model);
    }

    static Dl4jTraining find(Object model) {
        synchronized (LOCK) {
            for (Dl4jTraining s : OPEN) if (s.model == model) return s;
        }
        return null;
    }

    private static List<Dl4jTraining> openOnThisThread() {
        List<Dl4jTraining> out = new ArrayList<>();
        Thread me = Thread.currentThread();
        synchronized (LOCK) {
            for (Dl4jTraining s : OPEN) if (s.owner == me) out.add(s);
        }
        return out;
    }

    private static void remove(Dl4jTraining s) {
        synchronized (LOCK) {
            OPEN.remove(s);
        }
    }

    private static void installShutdownHook() {
        if (hookInstalled) return;
        synchronized (LOCK) {
            if (hookInstalled) return;
            hookInstalled = true;
        }
        Thread hook = new Thread(Dl4jRun::finishAllAtExit, "mlflow-dl4j-exit");
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is already shutting down
        }
    }

    /** At exit: complete every open training (its model is logged), so that their runs end FINISHED with a model. */
    static void finishAllAtExit() {
        List<Dl4jTraining> open;
        synchronized (LOCK) {
            open = new ArrayList<>(OPEN);
            OPEN.clear();
        }
        for (Dl4jTraining s : open) {
            try {
                s.finish(Dl4jTraining.End.EXIT, null, s.model);
            } catch (Throwable ignored) {
                // exit must go on
            }
        }
        try {
            ManualEvaluations.logUnreadAtExit();
        } catch (Throwable ignored) {
            // exit must go on
        }
    }

    /** For tests: trainings still open. */
    static int openCount() {
        synchronized (LOCK) {
            return OPEN.size();
        }
    }
}
