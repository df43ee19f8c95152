package io.jmlflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method inside an MLflow run: nested when the thread already has an active run; FINISHED
 * when the method returns, FAILED when it throws (the exception propagates unchanged). Needs the agent
 * ({@code -javaagent:mlflow-agent.jar} or {@code Mlflow.autolog()}) or the AspectJ aspect.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TrackRun {
    /** The run name; the method name when empty. */
    String name() default "";

    /** The experiment name (created when missing); the active experiment when empty. */
    String experiment() default "";
}
