package io.jmlflow.autolog.spi;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

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
     * The library this integration instruments: the versions it supports and how its code reaches the library, from
     * which the agent checks, at the first class it instruments in each class loader, the library's version and
     * shape (see {@link Library}). Null only for instrumentation that is not of a library (the agent's annotations).
     */
    default Library library() {
        return null;
    }

    /**
     * Instruments one class whose name matched: typically
     * {@code builder.visit(HookAdvice.to(FitAdvice.class).on(...))}.
     * Return {@code builder} itself to leave the class unchanged (e.g. an interface or a class without the method).
     * The builder decorates the class as it is: no members can be added or changed, only method bodies advised.
     */
    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader);
}
