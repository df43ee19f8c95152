package io.jmlflow.autolog.spi;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

/** One library's autologging, found by the agent through {@link java.util.ServiceLoader}; see the package docs. */
public interface Integration {
    /** Lower-case name used in configuration ({@code autolog.<name>.enabled}) and messages, e.g. {@code "smile"}. */
    String name();

    /** Binary names ({@code smile.classification.RandomForest}) of the classes this integration instruments. */
    Set<String> typeNames();

    /** Binary-name prefixes ({@code "smile.classification."}) of further classes it instruments; keep them narrow. */
    default Set<String> typeNamePrefixes() {
        return Set.of();
    }

    /**
     * Null when the library that {@code types} sees (one class loader's) has the classes and methods the advice
     * relies on; otherwise a short reason, logged once, and the integration stays off for that class loader.
     */
    default String shapeMismatch(TypePool types) {
        return null;
    }

    /**
     * Instruments one class whose name matched: typically {@code builder.visit(Advice.to(FitAdvice.class).on(...))}.
     * Return {@code builder} itself to leave the class unchanged (e.g. an interface or a class without the method).
     * The builder decorates the class as it is: no members can be added or changed, only method bodies advised.
     */
    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader);
}
