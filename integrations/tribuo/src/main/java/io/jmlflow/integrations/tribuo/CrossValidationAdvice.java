package io.jmlflow.integrations.tribuo;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code org.tribuo.evaluation.CrossValidation.evaluate()}: hands the trainer, the data and the fold
 * count (read from the object's fields) and the result to {@link TribuoHooks}, changes nothing.
 */
final class CrossValidationAdvice {
    private CrossValidationAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("trainer") Object trainer, @Advice.FieldValue("data") Object data,
                      @Advice.FieldValue("numFolds") int folds) {
        TribuoHooks.crossValidationEnter(trainer, data, folds);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object results, @Advice.Thrown Throwable thrown) {
        TribuoHooks.crossValidationExit(results, thrown);
    }
}
