package io.jmlflow.integrations.xgboost;

import io.jmlflow.autolog.spi.HookAdvice;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The Byte Buddy side of {@link XGBoostIntegration}, loaded at the first XGBoost4J class (never in {@code premain}):
 * every public static {@code train} and {@code trainAndSaveCheckpoint} of {@code XGBoost} ({@link TrainAdvice}: the
 * overloads call each other, the outermost call is logged) and the booster's two {@code evalSet} methods that
 * evaluate ({@link EvalSetAdvice}: {@code evalSet(DMatrix[], String[], int)}, which the built-in metrics go through,
 * and {@code evalSet(DMatrix[], String[], IEvaluation, float[])}, which a custom evaluation goes through).
 */
final class XGBoostInstrumentation {
    private XGBoostInstrumentation() {
    }

    private static final class Advices {
        static final Advice TRAIN = HookAdvice.to(TrainAdvice.class);
        static final Advice EVAL_SET = HookAdvice.to(EvalSetAdvice.class);
    }

    static DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        String name = type.getName();
        if (name.equals(XGBoostIntegration.XGBOOST)) return builder.visit(Advices.TRAIN.on(training()));
        if (name.equals(XGBoostIntegration.BOOSTER)) return builder.visit(Advices.EVAL_SET.on(evaluation()));
        return builder;
    }

    /** {@code XGBoost.train(DMatrix, Map, int, Map, ...)} and {@code trainAndSaveCheckpoint(...)}, returning a booster. */
    static ElementMatcher.Junction<MethodDescription> training() {
        return named("train").or(named("trainAndSaveCheckpoint")).and(isStatic()).and(isPublic())
                .and(returns(named(XGBoostIntegration.BOOSTER)))
                .and(takesArgument(0, named(XGBoostIntegration.DMATRIX)))
                .and(takesArgument(1, named("java.util.Map"))).and(takesArgument(2, int.class))
                .and(takesArgument(3, named("java.util.Map")));
    }

    /** The two {@code evalSet} methods that compute metrics (the others delegate to them). */
    static ElementMatcher.Junction<MethodDescription> evaluation() {
        ElementMatcher.Junction<MethodDescription> evalSet = named("evalSet").and(isPublic()).and(not(isStatic()))
                .and(returns(String.class)).and(takesArgument(0, named(XGBoostIntegration.DMATRIX + "[]")))
                .and(takesArgument(1, named("java.lang.String[]")));
        return evalSet.and(takesArguments(3)).and(takesArgument(2, int.class))
                .or(evalSet.and(takesArguments(4)).and(takesArgument(2, named("ml.dmlc.xgboost4j.java.IEvaluation")))
                        .and(takesArgument(3, named("float[]"))));
    }
}
