package io.jmlflow.integrations.xgboost;

import net.bytebuddy.asm.Advice;

/** Inlined into the booster's {@code evalSet} methods that compute metrics. */
final class EvalSetAdvice {
    private EvalSetAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter() {
        return XGBoostHooks.evalSetEnter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean outermost, @Advice.This Object booster,
                     @Advice.Argument(0) Object[] matrices, @Advice.Argument(1) String[] names,
                     @Advice.Return String result, @Advice.Thrown Throwable thrown) {
        XGBoostHooks.evalSetExit(outermost, booster, matrices, names, result, thrown);
    }
}
