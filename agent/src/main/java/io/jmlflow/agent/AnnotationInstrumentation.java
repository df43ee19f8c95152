package io.jmlflow.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasParameters;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.whereAny;

/**
 * Byte Buddy matching for {@code @TrackRun}, {@code @LogMetric}, {@code @LogModel} and {@code @LogParam}
 * parameters: each such method (not constructors) gets {@link TrackedCallAdvice}. Annotations are matched by name,
 * so nothing is loaded to match them.
 */
final class AnnotationInstrumentation {
    static final String TRACK_RUN = "io.jmlflow.annotations.TrackRun";
    static final String LOG_PARAM = "io.jmlflow.annotations.LogParam";
    static final String LOG_METRIC = "io.jmlflow.annotations.LogMetric";
    static final String LOG_MODEL = "io.jmlflow.annotations.LogModel";

    private AnnotationInstrumentation() {
    }

    static ElementMatcher.Junction<MethodDescription> trackedMethods() {
        return isMethod().and(not(isAbstract())).and(not(isNative())).and(not(isBridge())).and(not(isSynthetic()))
                .and(isAnnotatedWith(named(TRACK_RUN))
                        .or(isAnnotatedWith(named(LOG_METRIC)))
                        .or(isAnnotatedWith(named(LOG_MODEL)))
                        .or(hasParameters(whereAny(ElementMatchers.<ParameterDescription>isAnnotatedWith(named(LOG_PARAM))))));
    }

    static AgentBuilder instrument(AgentBuilder builder) {
        ElementMatcher.Junction<MethodDescription> tracked = trackedMethods();
        return builder.type(declaresMethod(tracked))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(AnnotationInstrumentation.class.getClassLoader())
                        .advice(tracked, TrackedCallAdvice.class.getName()));
    }
}
