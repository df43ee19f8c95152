package io.jmlflow.integrations.dl4j;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code output} / {@code outputSingle} of the networks: see {@link ManualEvaluations}. */
final class OutputAdvice {
    private OutputAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter() {
        return Dl4jHooks.outputEnter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Enter boolean outermost, @Advice.This Object model, @Advice.AllArguments Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
        Dl4jHooks.outputExit(outermost, model, args, result);
    }
}
