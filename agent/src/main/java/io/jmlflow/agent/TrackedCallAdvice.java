package io.jmlflow.agent;

import io.jmlflow.internal.annotations.TrackedCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every annotated method. It only hands the call to {@link TrackedCalls} (the one place the
 * annotations' meaning lives) and cannot change arguments, return values or exceptions: both advice methods
 * suppress anything thrown, and the exit advice runs for normal and exceptional exits alike. The arguments array is
 * only built when annotation handling is on.
 */
final class TrackedCallAdvice {
    private TrackedCallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Origin Class<?> type,
                        @Advice.Origin("#m#d") String method,
                        @Advice.This(optional = true) Object self,
                        @Advice.AllArguments Object[] args) {
        if (!TrackedCalls.isEnabled()) return null;
        return TrackedCalls.onEnter(type, method, self, args);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object token,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        if (token != null) TrackedCalls.onExit(token, returned, thrown);
    }
}
