package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;

/** Inlined into the static {@code of} methods of {@code smile.validation.metric} classes. */
final class MetricAdvice {
    private MetricAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.AllArguments Object[] args) {
        SmileHooks.metric(args);
    }
}
