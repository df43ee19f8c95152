package io.jmlflow.integrations.tribuo;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import java.util.Map;

/**
 * Inlined into {@code train(Dataset, Map<String,Provenance>[, int])} of trainers. Its one deliberate change: in the
 * outermost training call, the run provenance map is replaced by a copy with the MLflow run id added
 * ({@link TribuoHooks#RUN_ID_KEY}), so the model's own provenance names the run that recorded it. The caller's map
 * is never modified.
 */
final class TrainWithProvenanceAdvice {
    private TrainWithProvenanceAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object trainer, @Advice.Argument(0) Object dataset,
                      @Advice.Argument(value = 1, readOnly = false) Map<String, ?> runProvenance) {
        runProvenance = TribuoHooks.trainEnter(trainer, dataset, runProvenance);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object model, @Advice.Thrown Throwable thrown) {
        TribuoHooks.trainExit(model, thrown);
    }
}
