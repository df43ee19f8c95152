package io.jmlflow.integrations.tribuo;

import io.jmlflow.autolog.spi.HookAdvice;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.fieldType;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The Byte Buddy side of {@link TribuoIntegration}, in a class of its own so that the integration can be created
 * in {@code premain} without loading Byte Buddy; the advice is built on first use.
 */
final class TribuoInstrumentation {
    static final String TRAINER = "org.tribuo.Trainer";
    static final String EVALUATOR = "org.tribuo.evaluation.Evaluator";
    static final String CROSS_VALIDATION = "org.tribuo.evaluation.CrossValidation";
    private static final String DATASET = "org.tribuo.Dataset";
    private static final String MODEL = "org.tribuo.Model";

    private static final ElementMatcher.Junction<MethodDescription> CONCRETE =
            not(isAbstract()).and(not(isBridge())).and(not(isStatic()));
    /** {@code train(Dataset)}: nothing to stamp, the call it makes with a provenance map is. */
    private static final ElementMatcher.Junction<MethodDescription> TRAIN =
            named("train").and(CONCRETE).and(takesArgument(0, named(DATASET)));
    /** {@code train(Dataset, Map<String,Provenance>[, int])}: the map becomes the model's instance provenance. */
    private static final ElementMatcher.Junction<MethodDescription> TRAIN_WITH_PROVENANCE =
            TRAIN.and(takesArgument(1, named("java.util.Map")));
    private static final ElementMatcher.Junction<MethodDescription> EVALUATE =
            named("evaluate").and(CONCRETE).and(takesArgument(0, named(MODEL)));
    /** {@code CrossValidation.evaluate()}: all folds' trainings and evaluations. */
    private static final ElementMatcher.Junction<MethodDescription> CROSS_VALIDATE =
            named("evaluate").and(CONCRETE).and(takesArguments(0)).and(returns(named("java.util.List")));

    private TribuoInstrumentation() {
    }

    private static final class Advices {
        static final Advice TRAIN = HookAdvice.to(TrainAdvice.class);
        static final Advice TRAIN_WITH_PROVENANCE = HookAdvice.to(TrainWithProvenanceAdvice.class);
        static final Advice EVALUATE = HookAdvice.to(EvaluateAdvice.class);
        static final Advice CROSS_VALIDATE = HookAdvice.to(CrossValidationAdvice.class);
    }

    static DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        if (type.getName().contains(".protos.") || type.isAnnotation()) return builder;
        DynamicType.Builder<?> out = builder;
        if (declaresTrain(type)) {
            out = out.visit(Advices.TRAIN.on(TRAIN.and(not(TRAIN_WITH_PROVENANCE))))
                    .visit(Advices.TRAIN_WITH_PROVENANCE.on(TRAIN_WITH_PROVENANCE));
        }
        if (declaresEvaluate(type)) out = out.visit(Advices.EVALUATE.on(EVALUATE));
        if (isCrossValidation(type)) out = out.visit(Advices.CROSS_VALIDATE.on(CROSS_VALIDATE));
        return out;
    }

    /** Tribuo's {@code CrossValidation} with the fields the advice reads (a Tribuo without them is left alone). */
    static boolean isCrossValidation(TypeDescription type) {
        if (!CROSS_VALIDATION.equals(type.getName()) || type.getDeclaredMethods().filter(CROSS_VALIDATE).isEmpty()) {
            return false;
        }
        return !type.getDeclaredFields().filter(named("trainer")).isEmpty()
                && !type.getDeclaredFields().filter(named("data")).isEmpty()
                && !type.getDeclaredFields().filter(named("numFolds").and(fieldType(int.class))).isEmpty();
    }

    /** A trainer declaring a concrete {@code train(Dataset...)}; the hierarchy is only consulted for those. */
    static boolean declaresTrain(TypeDescription type) {
        return !type.getDeclaredMethods().filter(TRAIN).isEmpty() && hasSuperType(named(TRAINER)).matches(type);
    }

    /** An evaluator declaring a concrete {@code evaluate(Model...)}. */
    static boolean declaresEvaluate(TypeDescription type) {
        return !type.getDeclaredMethods().filter(EVALUATE).isEmpty() && hasSuperType(named(EVALUATOR)).matches(type);
    }
}
