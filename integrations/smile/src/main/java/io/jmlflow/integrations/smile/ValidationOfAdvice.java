package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the static {@code of(formula, train, test, trainer)} / {@code of(x, y, testx, testy, trainer)} of
 * {@code ClassificationValidation} and {@code RegressionValidation}: while one runs, its test data ({@code args[2]})
 * is what the validation it builds was scored on (Smile scores it row by row, so no batch {@code predict} names it).
 */
final class ValidationOfAdvice {
    private ValidationOfAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.AllArguments Object[] args) {
        return SmileHooks.validating(args);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object previous) {
        SmileHooks.validatingEnded(previous);
    }
}
