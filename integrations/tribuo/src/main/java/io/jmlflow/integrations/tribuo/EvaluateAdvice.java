package io.jmlflow.integrations.tribuo;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code evaluate(Model, ...)} of evaluators: hands the result to {@link TribuoHooks}, changes nothing. */
final class EvaluateAdvice {
    private EvaluateAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        TribuoHooks.evaluateEnter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Argument(0) Object model,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object evaluation,
                     @Advice.Thrown Throwable thrown) {
        TribuoHooks.evaluateExit(model, evaluation, thrown);
    }
}
