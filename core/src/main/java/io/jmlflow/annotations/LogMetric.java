package io.jmlflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Logs the method's return value as a metric: a number under {@link #value()} (the method name when empty), or
 * each entry of a {@code Map<String, Number>} under {@code <value>.<key>} (just {@code <key>} when value is
 * empty). Repeated calls build metric history. Nothing is logged when the method throws or returns something else
 * (a warning says so once). Outside any run one is started, as MLflow's log calls do.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LogMetric {
    String value() default "";

    /**
     * The name of an integer parameter of the method that holds the step (needs {@code -parameters}); when empty,
     * the step counts the calls that logged the key into the same run: 0, 1, 2, ...
     */
    String step() default "";
}
