package io.jmlflow.integrations.xgboost;

import io.jmlflow.autolog.spi.AutologGuard;
import io.jmlflow.autolog.spi.CallDepth;

/**
 * What the inlined advice calls, each hook through the integration's {@link AutologGuard}. Public because the advice
 * runs inside XGBoost4J's classes; not an API. It names no XGBoost4J type itself, so that a failure to link
 * {@link XGBoostTraining} (a changed XGBoost4J) reaches the guard, which reports it once with the version, instead of
 * the training code.
 */
public final class XGBoostHooks {
    static final AutologGuard GUARD = AutologGuard.of(XGBoostIntegration.NAME);
    private static final CallDepth TRAIN = new CallDepth();
    private static final CallDepth EVAL_SET = new CallDepth();
    /** The training being logged on this thread: the rounds' evaluations go to it. */
    private static final ThreadLocal<XGBoostTraining> CURRENT = new ThreadLocal<>();

    private XGBoostHooks() {
    }

    /** Entry of {@code XGBoost.train}: the outermost call's training being logged, or null. */
    public static Object trainEnter(Object[] arguments) {
        if (!GUARD.enter(TRAIN)) return null;
        try {
            XGBoostTraining training = XGBoostTraining.start(arguments);
            if (training != null) CURRENT.set(training);
            return training;
        } catch (Throwable t) {
            GUARD.failed(t);
            return null;
        }
    }

    /** Exit of {@code XGBoost.train} (normal or exceptional); a logged call ends even after a failure elsewhere. */
    public static void trainExit(Object training, Object booster, Throwable thrown) {
        TRAIN.exit();
        if (training == null) return;
        CURRENT.remove();
        try {
            ((XGBoostTraining) training).finish(booster, thrown);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }

    /** Entry of the booster's {@code evalSet}: true for the outermost call while the integration is on. */
    public static boolean evalSetEnter() {
        return GUARD.enter(EVAL_SET);
    }

    /**
     * Exit of the booster's {@code evalSet}: a round's metrics of the training being logged on this thread, or, outside
     * training, a user's evaluation of a booster autologging logged.
     */
    public static void evalSetExit(boolean outermost, Object booster, Object[] matrices, String[] names, String result,
                                   Throwable thrown) {
        EVAL_SET.exit();
        if (!outermost || thrown != null || result == null) return;
        try {
            XGBoostTraining training = CURRENT.get();
            if (training != null) training.roundEvaluated(result);
            else if (TRAIN.current() == 0) XGBoostEvaluations.evaluated(booster, matrices, names, result);
        } catch (Throwable t) {
            GUARD.failed(t);
        }
    }
}
