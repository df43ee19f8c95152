package io.jmlflow.integrations.dl4j;

import net.bytebuddy.asm.Advice;

/** Inlined into the readers of ND4J's evaluations ({@code stats()}, {@code accuracy()}, ...): see {@link ManualEvaluations}. */
final class EvaluationReadAdvice {
    private EvaluationReadAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter() {
        return Dl4jHooks.evaluationReadEnter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Enter boolean outermost, @Advice.This Object evaluation) {
        Dl4jHooks.evaluationReadExit(outermost, evaluation);
    }
}
