package io.jmlflow.integrations.spark;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code transform(Dataset)} of Spark ML models: a logged model's predictions are remembered. */
final class TransformAdvice {
    private TransformAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        SparkHooks.transformEnter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.This Object model, @Advice.Argument(0) Object input,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object predictions, @Advice.Thrown Throwable thrown) {
        SparkHooks.transformExit(model, input, predictions, thrown);
    }
}
