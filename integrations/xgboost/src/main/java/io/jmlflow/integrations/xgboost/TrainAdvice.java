package io.jmlflow.integrations.xgboost;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code XGBoost.train} and {@code trainAndSaveCheckpoint}. */
final class TrainAdvice {
    private TrainAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.AllArguments Object[] arguments) {
        return XGBoostHooks.trainEnter(arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object training, @Advice.Return Object booster, @Advice.Thrown Throwable thrown) {
        XGBoostHooks.trainExit(training, booster, thrown);
    }
}
