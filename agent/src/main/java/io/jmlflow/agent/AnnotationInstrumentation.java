package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

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
 * {@code @TrackRun}, {@code @LogMetric}, {@code @LogModel} and {@code @LogParam} parameters: every such method (not
 * constructors) gets {@link TrackedCallAdvice}. Annotations are matched by name, so nothing is loaded to match them.
 * Written as an {@link Integration} so it runs through the same pipeline; classes reach it through the
 * {@link AnnotationDescriptors} byte search, not by name.
 */
final class AnnotationInstrumentation implements Integration {
    static final String TRACK_RUN = "io.jmlflow.annotations.TrackRun";
    static final String LOG_PARAM = "io.jmlflow.annotations.LogParam";
    static final String LOG_METRIC = "io.jmlflow.annotations.LogMetric";
    static final String LOG_MODEL = "io.jmlflow.annotations.LogModel";

    private final ElementMatcher.Junction<MethodDescription> tracked = isMethod()
            .and(not(isAbstract())).and(not(isNative())).and(not(isBridge())).and(not(isSynthetic()))
            .and(isAnnotatedWith(named(TRACK_RUN))
                    .or(isAnnotatedWith(named(LOG_METRIC)))
                    .or(isAnnotatedWith(named(LOG_MODEL)))
                    .or(hasParameters(whereAny(ElementMatchers.<ParameterDescription>isAnnotatedWith(named(LOG_PARAM))))));
    private final Advice advice;

    AnnotationInstrumentation() {
        // The advice is described from its class file, not by reflection: reflection would create a
        // java.lang.reflect.Proxy class for each of its annotations, which is slow at the first instrumented class.
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(AnnotationInstrumentation.class.getClassLoader());
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
        advice = Advice.to(pool.describe(TrackedCallAdvice.class.getName()).resolve(), locator);
    }

    @Override
    public String name() {
        return "annotations";
    }

    @Override
    public Set<String> typeNames() {
        return Set.of();
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        if (type.getDeclaredMethods().filter(tracked).isEmpty()) return builder;
        return builder.visit(advice.on(tracked));
    }
}
