package io.jmlflow.integrations.spark;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code evaluate(Dataset)} of Spark ML evaluators: a logged model's predictions give a metric. */
final class EvaluateAdvice {
    private EvaluateAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        SparkHooks.evaluateEnter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.This Object evaluator, @Advice.Argument(0) Object predictions,
                     @Advice.Return double metric, @Advice.Thrown Throwable thrown) {
        SparkHooks.evaluateExit(evaluator, predictions, metric, thrown);
    }
}
