package io.jmlflow.integrations.dl4j;

import net.bytebuddy.asm.Advice;

/** Inlined into the {@code fit} overloads of {@code MultiLayerNetwork} and {@code ComputationGraph}. */
final class ModelFitAdvice {
    private ModelFitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.This Object model, @Advice.AllArguments Object[] arguments) {
        return Dl4jHooks.fitEnter(model, arguments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean outermost, @Advice.This Object model, @Advice.Thrown Throwable thrown) {
        Dl4jHooks.fitExit(outermost, model, thrown);
    }
}
