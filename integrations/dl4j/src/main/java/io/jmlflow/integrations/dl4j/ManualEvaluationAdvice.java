package io.jmlflow.integrations.dl4j;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code eval(labels, predictions)} of ND4J's evaluations: see {@link ManualEvaluations}. */
final class ManualEvaluationAdvice {
    private ManualEvaluationAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter() {
        return Dl4jHooks.manualEvaluationEnter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Enter boolean outermost, @Advice.This Object evaluation,
                     @Advice.Argument(0) Object labels, @Advice.Argument(1) Object predictions) {
        Dl4jHooks.manualEvaluationExit(outermost, evaluation, labels, predictions);
    }
}
