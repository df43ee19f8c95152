package io.jmlflow.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Logs a method parameter (or a field of the object whose {@link TrackRun} method is called) as an MLflow param.
 * Records, POJOs (public getters, else instance fields) and maps are flattened to dotted keys ({@code config.lr}),
 * five levels deep at most; collections, arrays and JDK types are logged as their text. Outside a
 * {@link TrackRun} method the params go to the thread's active run (one is started when there is none).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
public @interface LogParam {
    /** The param key; the parameter or field name when empty (compile with {@code -parameters}). */
    String value() default "";
}
