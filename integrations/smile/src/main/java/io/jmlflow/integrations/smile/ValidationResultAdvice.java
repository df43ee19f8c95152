package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;

/** Inlined into the constructors of {@code ClassificationValidation} and {@code RegressionValidation}. */
final class ValidationResultAdvice {
    private ValidationResultAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.AllArguments Object[] args) {
        SmileHooks.validated(args);
    }
}
