package io.jmlflow.integrations.dl4j;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code BaseEarlyStoppingTrainer.fit()}; reads the trainer's {@code model} and {@code esConfig}. */
final class EarlyStoppingFitAdvice {
    private EarlyStoppingFitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static boolean enter(@Advice.FieldValue("model") Object model, @Advice.FieldValue("esConfig") Object config) {
        return Dl4jHooks.earlyStoppingEnter(model, config);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean tracked, @Advice.FieldValue("model") Object model,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable thrown) {
        Dl4jHooks.earlyStoppingExit(tracked, model, result, thrown);
    }
}
