package io.jmlflow.integrations.dl4j;

import io.jmlflow.autolog.spi.CallDepth;
import io.jmlflow.internal.Log;

/**
 * What the inlined advice calls. Public because the advice runs inside DL4J's classes; not an API. It holds no DL4J
 * types itself, so that a failure to link {@link TrainingTracker} (DL4J invisible from the agent's class loader, a
 * changed DL4J) is caught here, reported once, and switches DL4J autologging off instead of reaching training code.
 */
public final class Dl4jHooks {
    private static final CallDepth FIT = new CallDepth();
    private static final CallDepth EARLY_STOPPING = new CallDepth();
    private static final CallDepth EVALUATION = new CallDepth();
    private static volatile boolean off;

    private Dl4jHooks() {
    }

    /** Entry of a model's {@code fit}; true when it is the outermost one and is being logged. */
    public static boolean fitEnter(Object model, Object[] arguments) {
        if (FIT.enter() != 0 || off) return false;
        try {
            return TrainingTracker.fitStarted(model, arguments);
        } catch (Throwable t) {
            fail(t);
            return false;
        }
    }

    /** Exit of a model's {@code fit} (normal or exceptional). */
    public static void fitExit(boolean tracked, Object model, Throwable thrown) {
        FIT.exit();
        if (!tracked || off) return;
        try {
            TrainingTracker.fitEnded(model, thrown);
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Entry of an early-stopping trainer's {@code fit()}. */
    public static boolean earlyStoppingEnter(Object model, Object configuration) {
        if (EARLY_STOPPING.enter() != 0 || off) return false;
        try {
            return TrainingTracker.earlyStoppingStarted(model, configuration);
        } catch (Throwable t) {
            fail(t);
            return false;
        }
    }

    /** Exit of an early-stopping trainer's {@code fit()}, with its {@code EarlyStoppingResult} (null when it threw). */
    public static void earlyStoppingExit(boolean tracked, Object model, Object result, Throwable thrown) {
        EARLY_STOPPING.exit();
        if (!tracked || off) return;
        try {
            TrainingTracker.earlyStoppingEnded(model, result, thrown);
        } catch (Throwable t) {
            fail(t);
        }
    }

    /**
     * Entry of a model's {@code doEvaluation}: when it is the outermost one and the model is a logged one, what the
     * exit needs (then {@link #evaluationData} gives the iterator DL4J is to read instead of the user's), else null.
     */
    public static Object evaluationEnter(Object model, Object iterator) {
        if (EVALUATION.enter() != 0 || off) return null;
        try {
            return PostTrainingEvaluation.started(model, iterator);
        } catch (Throwable t) {
            fail(t);
            return null;
        }
    }

    /** The iterator the evaluation reads: the user's, or a stand-in that also copies the first rows. */
    public static Object evaluationData(Object call, Object iterator) {
        Object tap = call instanceof PostTrainingEvaluation.Call ? ((PostTrainingEvaluation.Call) call).tap : null;
        return tap != null ? tap : iterator;
    }

    /** Exit of a model's {@code doEvaluation} (normal or exceptional). */
    public static void evaluationExit(Object call, Object result, Throwable thrown) {
        EVALUATION.exit();
        if (call == null || thrown != null || off) return;
        try {
            PostTrainingEvaluation.ended((PostTrainingEvaluation.Call) call, result);
        } catch (Throwable t) {
            fail(t);
        }
    }

    static void fail(Throwable t) {
        off = true;
        if (t instanceof LinkageError) {
            Log.warnOnce("dl4j-broken", "dl4j autologging is off: the agent cannot use the DL4J classes this program"
                    + " trains with (" + t + "); DL4J must be on the application class path, not only in a class loader"
                    + " of its own. Training goes on unlogged.");
        } else {
            Log.warnOnce("dl4j-broken", "dl4j autologging failed and is off for the rest of this JVM (training goes"
                    + " on): " + t);
        }
        Log.debug("dl4j autologging failure", t);
    }

    /** For tests. */
    static boolean isOff() {
        return off;
    }
}
