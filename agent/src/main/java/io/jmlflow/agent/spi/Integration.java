package io.jmlflow.agent.spi;

import net.bytebuddy.agent.builder.AgentBuilder;
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

    /** Adds this integration's type and method matchers and advice to {@code builder}. Called once, on first use. */
    AgentBuilder instrument(AgentBuilder builder);
}
