package io.jmlflow.integrations.dl4j;

import io.jmlflow.autolog.spi.HookAdvice;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The Byte Buddy side of {@link Dl4jIntegration}, loaded at the first DL4J class (never in {@code premain}): the
 * {@code fit} overloads of the two network classes ({@link ModelFitAdvice}) and their {@code doEvaluation}
 * ({@link EvaluationAdvice}), and {@code BaseEarlyStoppingTrainer.fit()} ({@link EarlyStoppingFitAdvice}).
 */
final class Dl4jInstrumentation {
    private static final String WORKSPACE_MANAGER = "org.deeplearning4j.nn.workspace.LayerWorkspaceMgr";

    private Dl4jInstrumentation() {
    }

    private static final class Advices {
        static final Advice FIT = HookAdvice.to(ModelFitAdvice.class);
        static final Advice EVALUATION = HookAdvice.to(EvaluationAdvice.class);
        static final Advice EARLY_STOPPING = HookAdvice.to(EarlyStoppingFitAdvice.class);
    }

    static DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        String name = type.getName();
        if (name.equals(Dl4jIntegration.EARLY_STOPPING_TRAINER)) {
            return builder.visit(Advices.EARLY_STOPPING
                    .on(named("fit").and(takesArguments(0)).and(isPublic()).and(not(isAbstract()))));
        }
        if (name.equals(Dl4jIntegration.MULTI_LAYER_NETWORK) || name.equals(Dl4jIntegration.COMPUTATION_GRAPH)) {
            return builder.visit(Advices.FIT.on(trainingFit())).visit(Advices.EVALUATION.on(evaluation()));
        }
        return builder;
    }

    /** {@code doEvaluation(iterator, evaluations...)}, which every {@code evaluate*} method calls. */
    static ElementMatcher.Junction<MethodDescription> evaluation() {
        return named("doEvaluation").and(isPublic()).and(not(isAbstract())).and(takesArguments(2));
    }

    /** Every public {@code fit} with arguments except the layer-wise {@code fit(INDArray, LayerWorkspaceMgr)}. */
    static ElementMatcher.Junction<MethodDescription> trainingFit() {
        return named("fit").and(isPublic()).and(not(isAbstract())).and(not(takesArguments(0)))
                .and(not(takesArgument(1, named(WORKSPACE_MANAGER))));
    }
}
