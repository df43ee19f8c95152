package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into Smile's cross-validation, bootstrap and leave-one-out methods and Smile 6's {@code Model} factories. */
final class ValidationAdvice {
    private ValidationAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Origin Class<?> type, @Advice.Origin("#m") String method,
                      @Advice.Origin("#d") String descriptor, @Advice.AllArguments Object[] args) {
        SmileHooks.validationEnter(type, method, descriptor, args);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result, @Advice.Thrown Throwable thrown) {
        SmileHooks.validationExit(result, thrown);
    }
}
