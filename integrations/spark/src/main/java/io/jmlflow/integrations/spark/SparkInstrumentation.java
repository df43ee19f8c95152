package io.jmlflow.integrations.spark;

import io.jmlflow.autolog.spi.HookAdvice;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The Byte Buddy side of {@link SparkIntegration}, loaded at the first Spark ML class (never in {@code premain}):
 * {@code fit(Dataset)} and {@code fit(Dataset, Seq<ParamMap>)} of estimators ({@link FitAdvice}),
 * {@code transform(Dataset)} of models ({@link TransformAdvice}), {@code evaluate(Dataset)} of evaluators
 * ({@link EvaluateAdvice}). The hierarchy is consulted only for classes that declare such a method.
 */
final class SparkInstrumentation {
    static final String ESTIMATOR = "org.apache.spark.ml.Estimator";
    static final String MODEL = "org.apache.spark.ml.Model";
    static final String EVALUATOR = "org.apache.spark.ml.evaluation.Evaluator";
    private static final String DATASET = "org.apache.spark.sql.Dataset";

    private static final ElementMatcher.Junction<MethodDescription> CONCRETE =
            not(isAbstract()).and(not(isBridge())).and(not(isStatic()));
    /** {@code fit(Dataset)}, and {@code fit(Dataset, Seq<ParamMap>)}, whose fits are not logged (as in MLflow). */
    static final ElementMatcher.Junction<MethodDescription> FIT = named("fit").and(CONCRETE)
            .and(takesArgument(0, named(DATASET)))
            .and(takesArguments(1).or(takesArguments(2).and(takesArgument(1, nameEndsWith(".Seq")))));
    static final ElementMatcher.Junction<MethodDescription> TRANSFORM = named("transform").and(CONCRETE)
            .and(takesArguments(1)).and(takesArgument(0, named(DATASET)));
    static final ElementMatcher.Junction<MethodDescription> EVALUATE = named("evaluate").and(CONCRETE)
            .and(takesArguments(1)).and(takesArgument(0, named(DATASET)));

    private SparkInstrumentation() {
    }

    private static final class Advices {
        static final Advice FIT = HookAdvice.to(FitAdvice.class);
        static final Advice TRANSFORM = HookAdvice.to(TransformAdvice.class);
        static final Advice EVALUATE = HookAdvice.to(EvaluateAdvice.class);
    }

    static DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        if (type.isInterface() || type.isAnnotation()) return builder;
        DynamicType.Builder<?> out = builder;
        if (declares(type, FIT, ESTIMATOR)) out = out.visit(Advices.FIT.on(FIT));
        if (declares(type, TRANSFORM, MODEL)) out = out.visit(Advices.TRANSFORM.on(TRANSFORM));
        if (declares(type, EVALUATE, EVALUATOR)) out = out.visit(Advices.EVALUATE.on(EVALUATE));
        return out;
    }

    /** {@code type} declares a method {@code method} matches and is a subtype of {@code superType}. */
    static boolean declares(TypeDescription type, ElementMatcher<? super MethodDescription> method, String superType) {
        return !type.getDeclaredMethods().filter(method).isEmpty() && hasSuperType(named(superType)).matches(type);
    }
}
