package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into Smile's public static {@code fit} methods: hands the call to {@link SmileHooks}, changes nothing. */
final class FitAdvice {
    private FitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Origin Class<?> type, @Advice.Origin("#d") String descriptor,
                      @Advice.AllArguments Object[] args) {
        SmileHooks.fitEnter(type, descriptor, args);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object model, @Advice.Thrown Throwable thrown) {
        SmileHooks.fitExit(model, thrown);
    }
}
