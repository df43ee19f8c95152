package io.jmlflow.integrations.dl4j;

import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.CallDepth;

/**
 * What the inlined advice calls, each hook through the integration's {@link AutologGuard}. Public because the advice
 * runs inside DL4J's classes; not an API. It holds no DL4J types itself, so that a failure to link {@link Dl4jRun}
 * (a changed DL4J) reaches the guard, which reports it once with the DL4J version, instead of training code.
 */
public final class Dl4jHooks {
    static final AutologGuard GUARD = AutologGuard.of(Dl4jIntegration.NAME);
    private static final CallDepth FIT = new CallDepth();
    private static final CallDepth EARLY_STOPPING = new CallDepth();
    private static final CallDepth EVALUATION = new CallDepth();
    private static final CallDepth OUTPUT = new CallDepth();
    private static final CallDepth MANUAL_EVALUATION = new CallDepth();
    private static final CallDepth EVALUATION_READ = new CallDepth();

    private Dl4jHooks() {
    }

    /** Entry of a model's {@code fit}; true when it is the outermost one and is being logged. */
    public static boolean fitEnter(Object model, Object[] arguments) {
        if (!GUARD.enter(FIT)) return false;
        try {
            return Dl4jRun.fitStarted(model, arguments);
        } catch (Throwable t) {
            GUARD.failed(t);
            return false;
        }
    }

    /** Exit of a model's {@code fit} (normal or exceptional); a logged call ends even after a failure elsewhere. */
    public static void fitExit(boolean tracked, Object model, Throwable thrown) {
        FIT.exit();
        if (!tracked) return;
        try {
            Dl4jRun.fitEnded(model, thrown);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Entry of an early-stopping trainer's {@code fit()}. */
    public static boolean earlyStoppingEnter(Object model, Object configuration) {
        if (!GUARD.enter(EARLY_STOPPING)) return false;
        try {
            return Dl4jRun.earlyStoppingStarted(model, configuration);
        } catch (Throwable t) {
            GUARD.failed(t);
            return false;
        }
    }

    /** Exit of an early-stopping trainer's {@code fit()}, with its {@code EarlyStoppingResult} (null when it threw). */
    public static void earlyStoppingExit(boolean tracked, Object model, Object result, Throwable thrown) {
        EARLY_STOPPING.exit();
        if (!tracked) return;
        try {
            Dl4jRun.earlyStoppingEnded(model, result, thrown);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /**
     * Entry of a model's {@code doEvaluation}: when it is the outermost one and the model is a logged one, what the
     * exit needs (then {@link #evaluationData} gives the iterator DL4J is to read instead of the user's), else null.
     */
    public static Object evaluationEnter(Object model, Object iterator) {
        if (!GUARD.enter(EVALUATION)) return null;
        try {
            return PostTrainingEvaluation.started(model, iterator);
        } catch (Throwable t) {
            GUARD.failed(t);
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
        if (call == null || thrown != null) return;
        try {
            PostTrainingEvaluation.ended((PostTrainingEvaluation.Call) call, result);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Entry of a network's {@code output}; true for the outermost one (then its exit is followed). */
    public static boolean outputEnter() {
        return GUARD.enter(OUTPUT);
    }

    /** Exit of a network's {@code output} (normal only). */
    public static void outputExit(boolean outermost, Object model, Object[] args, Object result) {
        OUTPUT.exit();
        if (!outermost) return;
        try {
            ManualEvaluations.output(model, args, result);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Entry of an evaluation's {@code eval(labels, predictions)}. */
    public static boolean manualEvaluationEnter() {
        return GUARD.enter(MANUAL_EVALUATION);
    }

    /** Exit of an evaluation's {@code eval(labels, predictions)} (normal only). */
    public static void manualEvaluationExit(boolean outermost, Object evaluation, Object labels, Object predictions) {
        MANUAL_EVALUATION.exit();
        if (!outermost || EVALUATION.current() > 0) return; // DL4J's own evaluate() is PostTrainingEvaluation's
        try {
            ManualEvaluations.evaluated(evaluation, labels, predictions);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Entry of a reader of an evaluation ({@code stats()}, {@code accuracy()}, ...). */
    public static boolean evaluationReadEnter() {
        return GUARD.enter(EVALUATION_READ);
    }

    /** Exit of a reader of an evaluation (normal only). */
    public static void evaluationReadExit(boolean outermost, Object evaluation) {
        EVALUATION_READ.exit();
        if (!outermost) return;
        try {
            ManualEvaluations.read(evaluation);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }
}
