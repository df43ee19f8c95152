package io.jmlflow.integrations.aspectj;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogModel;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;
import io.jmlflow.internal.annotations.TrackedCalls;
import io.jmlflow.internal.autolog.AgentAttacher;
import io.jmlflow.internal.Log;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Pointcut;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/**
 * {@code @TrackRun}, {@code @LogParam}, {@code @LogMetric} and {@code @LogModel} without the javaagent: around every
 * method that carries one of them (on the method, or {@code @LogParam} on a parameter) it hands the call to
 * {@link TrackedCalls}, the one implementation the agent uses too, so the meaning is the same. Works with
 * compile-time weaving (ajc, with this jar on the aspect path), load-time weaving ({@code aspectjweaver} with the
 * aspect named in {@code META-INF/aop.xml}) and Spring AOP (an instance of this class registered as a bean).
 *
 * <p>Arguments, return values and exceptions pass through untouched: the advice proceeds exactly once, and
 * anything that goes wrong in the tracking itself is a warning, never an exception. When the jmlflow agent runs in
 * the same JVM it handles the annotations itself, and this aspect steps aside so that no call is tracked twice.
 */
@Aspect
public class MlflowAnnotationsAspect {
    /** Methods (not constructors) the agent would instrument: annotated, or with a {@code @LogParam} parameter. */
    @Pointcut("execution(@io.jmlflow.annotations.TrackRun * *(..))"
            + " || execution(@io.jmlflow.annotations.LogMetric * *(..))"
            + " || execution(@io.jmlflow.annotations.LogModel * *(..))"
            + " || execution(* *(.., @io.jmlflow.annotations.LogParam (*), ..))")
    public void trackedMethod() {
    }

    @Around("trackedMethod()")
    @SuppressAjWarnings("adviceDidNotMatch") // it matches in the application's classes, not in this library
    public Object aroundTrackedMethod(ProceedingJoinPoint call) throws Throwable {
        Object token = enter(call);
        Object returned;
        try {
            returned = call.proceed();
        } catch (Throwable thrown) {
            if (token != null) TrackedCalls.onExit(token, null, thrown);
            throw thrown;
        }
        if (token != null) TrackedCalls.onExit(token, returned, null);
        return returned;
    }

    /** The token for {@link TrackedCalls#onExit}, or null when this call is not ours to track. Never throws. */
    private static Object enter(ProceedingJoinPoint call) {
        if (!TrackedCalls.isEnabled() || AgentAttacher.isInstalled()) return null;
        try {
            Object target = call.getTarget();
            Method method = annotatedMethod(((MethodSignature) call.getSignature()).getMethod(), target);
            return TrackedCalls.onEnter(method, target, call.getArgs());
        } catch (RuntimeException | LinkageError e) {
            Log.warnOnce("aspectj:" + call.getSignature(), "annotation tracking of " + call.getSignature()
                    + " is off: " + e);
            return null;
        }
    }

    /**
     * The method whose annotations count. Woven code always reports the executing method itself; a Spring JDK
     * proxy reports the interface method, while the annotations are usually on the implementation.
     */
    static Method annotatedMethod(Method reported, Object target) {
        if (target == null || !reported.getDeclaringClass().isInterface()) return reported;
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method implementation = c.getDeclaredMethod(reported.getName(), reported.getParameterTypes());
                return isTracked(implementation) ? implementation : reported;
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        return reported;
    }

    private static boolean isTracked(Method m) {
        if (m.isAnnotationPresent(TrackRun.class) || m.isAnnotationPresent(LogMetric.class)
                || m.isAnnotationPresent(LogModel.class)) {
            return true;
        }
        for (Annotation[] parameter : m.getParameterAnnotations()) {
            for (Annotation a : parameter) if (a instanceof LogParam) return true;
        }
        return false;
    }
}
