package io.jmlflow.integrations.dl4j;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code doEvaluation(iterator, evaluations...)} of {@code MultiLayerNetwork} and {@code ComputationGraph}
 * (which {@code evaluate}, {@code evaluateROC}, {@code evaluateRegression}, ... call). For a logged model the iterator
 * argument is replaced by a stand-in that delegates to it (see {@link EvaluationTap}).
 */
final class EvaluationAdvice {
    private EvaluationAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object model,
                        @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object data) {
        Object call = Dl4jHooks.evaluationEnter(model, data);
        if (call != null) data = Dl4jHooks.evaluationData(call, data);
        return call;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object call, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        Dl4jHooks.evaluationExit(call, result, thrown);
    }
}
