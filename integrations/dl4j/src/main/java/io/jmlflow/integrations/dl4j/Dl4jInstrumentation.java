package io.jmlflow.integrations.dl4j;

import io.jmlflow.autolog.spi.HookAdvice;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The Byte Buddy side of {@link Dl4jIntegration}, loaded at the first DL4J class (never in {@code premain}): the
 * {@code fit} overloads of the two network classes ({@link ModelFitAdvice}), their {@code doEvaluation}
 * ({@link EvaluationAdvice}) and {@code output} ({@link OutputAdvice}), {@code BaseEarlyStoppingTrainer.fit()}
 * ({@link EarlyStoppingFitAdvice}), and ND4J's evaluations' {@code eval(labels, predictions)}
 * ({@link ManualEvaluationAdvice}) and readers ({@link EvaluationReadAdvice}).
 */
final class Dl4jInstrumentation {
    private static final String WORKSPACE_MANAGER = "org.deeplearning4j.nn.workspace.LayerWorkspaceMgr";
    private static final String INDARRAY = "org.nd4j.linalg.api.ndarray.INDArray";
    /** What users read of an evaluation (besides {@code stats}): a read logs a followed evaluation. */
    private static final java.util.Set<String> READERS = java.util.Set.of("accuracy", "precision", "recall", "f1",
            "averageMeanSquaredError", "averagerootMeanSquaredError", "averageMeanAbsoluteError", "averageRSquared",
            "calculateAUC");

    private Dl4jInstrumentation() {
    }

    private static final class Advices {
        static final Advice FIT = HookAdvice.to(ModelFitAdvice.class);
        static final Advice EVALUATION = HookAdvice.to(EvaluationAdvice.class);
        static final Advice EARLY_STOPPING = HookAdvice.to(EarlyStoppingFitAdvice.class);
        static final Advice OUTPUT = HookAdvice.to(OutputAdvice.class);
        static final Advice MANUAL_EVALUATION = HookAdvice.to(ManualEvaluationAdvice.class);
        static final Advice EVALUATION_READ = HookAdvice.to(EvaluationReadAdvice.class);
    }

    static DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        String name = type.getName();
        if (name.equals(Dl4jIntegration.EARLY_STOPPING_TRAINER)) {
            return builder.visit(Advices.EARLY_STOPPING
                    .on(named("fit").and(takesArguments(0)).and(isPublic()).and(not(isAbstract()))));
        }
        if (name.equals(Dl4jIntegration.MULTI_LAYER_NETWORK) || name.equals(Dl4jIntegration.COMPUTATION_GRAPH)) {
            return builder.visit(Advices.FIT.on(trainingFit())).visit(Advices.EVALUATION.on(evaluation()))
                    .visit(Advices.OUTPUT.on(output()));
        }
        if (Dl4jIntegration.EVALUATIONS.contains(name)) {
            if (!type.getDeclaredMethods().filter(manualEvaluation()).isEmpty()) {
                builder = builder.visit(Advices.MANUAL_EVALUATION.on(manualEvaluation()));
            }
            if (!type.getDeclaredMethods().filter(evaluationRead()).isEmpty()) {
                builder = builder.visit(Advices.EVALUATION_READ.on(evaluationRead()));
            }
        }
        return builder;
    }

    /** A network's {@code output(...)} / {@code outputSingle(...)} returning its predictions. */
    static ElementMatcher.Junction<MethodDescription> output() {
        return named("output").or(named("outputSingle")).and(isPublic()).and(not(isAbstract()))
                .and(not(takesArguments(0)))
                .and(returns(named(INDARRAY)).or(returns(named(INDARRAY + "[]"))));
    }

    /** An evaluation's {@code eval(labels, predictions)}. */
    static ElementMatcher.Junction<MethodDescription> manualEvaluation() {
        return named("eval").and(isPublic()).and(not(isAbstract())).and(takesArguments(2))
                .and(takesArgument(0, named(INDARRAY))).and(takesArgument(1, named(INDARRAY)));
    }

    /** What a user reads of an evaluation: {@code stats(...)}, and {@code accuracy()}, {@code f1()}, ... */
    static ElementMatcher.Junction<MethodDescription> evaluationRead() {
        ElementMatcher.Junction<MethodDescription> reader = new ElementMatcher.Junction.AbstractBase<>() {
            @Override
            public boolean matches(MethodDescription m) {
                return m != null && READERS.contains(m.getName()) && m.getParameters().isEmpty();
            }
        };
        return named("stats").or(reader).and(isPublic()).and(not(isAbstract())).and(not(isStatic()));
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
