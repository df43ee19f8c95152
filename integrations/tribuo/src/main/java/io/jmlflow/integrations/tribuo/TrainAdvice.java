package io.jmlflow.integrations.tribuo;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code train(Dataset)} of trainers: hands the call to {@link TribuoHooks}, changes nothing. */
final class TrainAdvice {
    private TrainAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object trainer, @Advice.Argument(0) Object dataset) {
        TribuoHooks.trainEnter(trainer, dataset, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object model, @Advice.Thrown Throwable thrown) {
        TribuoHooks.trainExit(model, thrown);
    }
}
