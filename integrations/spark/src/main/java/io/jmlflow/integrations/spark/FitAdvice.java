package io.jmlflow.integrations.spark;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code fit(Dataset)} (and {@code fit(Dataset, Seq<ParamMap>)}) of Spark ML estimators. */
final class FitAdvice {
    private FitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object estimator, @Advice.AllArguments Object[] arguments) {
        return SparkHooks.fitEnter(estimator, arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object training, @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object model,
                     @Advice.Thrown Throwable thrown) {
        SparkHooks.fitExit(training, model, thrown);
    }
}
