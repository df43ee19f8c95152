package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Smile 6 {@code fit} methods that take an {@code Options} record. As {@link FitAdvice}, except that
 * the arguments may come back with that record replaced by a copy carrying a progress controller of ours (only when
 * the caller set none); every other argument is written back unchanged.
 */
final class OptionsFitAdvice {
    private OptionsFitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Origin Class<?> type, @Advice.Origin("#d") String descriptor,
                      @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args) {
        args = SmileHooks.fitEnterWithOptions(type, descriptor, args);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object model, @Advice.Thrown Throwable thrown) {
        SmileHooks.fitExit(model, thrown);
    }
}
