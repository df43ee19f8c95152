package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the batch {@code predict} methods of Smile models: hands the predictions to {@link SmileHooks}. */
final class PredictAdvice {
    private PredictAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object model, @Advice.AllArguments Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object prediction) {
        SmileHooks.predicted(model, args, prediction);
    }
}
