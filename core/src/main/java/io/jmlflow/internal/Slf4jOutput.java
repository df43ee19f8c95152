package io.jmlflow.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * {@link Log}'s messages through the application's SLF4J. The only class that names SLF4J's types: it is loaded only
 * when the API is on the class path (the agent's jar does not carry one).
 */
final class Slf4jOutput {
    private final Logger logger;

    private Slf4jOutput(Logger logger) {
        this.logger = logger;
    }

    /** The output, or null when SLF4J has no provider (initialising it then would print three warnings of its own). */
    static Slf4jOutput create() {
        try {
            if (!hasProvider() || LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) return null;
            return new Slf4jOutput(LoggerFactory.getLogger("io.jmlflow"));
        } catch (Throwable t) {
            return null;
        }
    }

    /** True when an SLF4J provider is visible to the thread's context loader or to ours. */
    static boolean hasProvider() {
        try {
            ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), Slf4jOutput.class.getClassLoader()};
            for (ClassLoader cl : loaders) {
                if (cl == null) continue;
                if (java.util.ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class, cl).iterator().hasNext()) {
                    return true;
                }
            }
            return false;
        } catch (Throwable t) {
            return false;
        }
    }

    void info(String message) {
        logger.info(message);
    }

    void warn(String message) {
        logger.warn(message);
    }

    void debug(String message, Throwable t) {
        logger.debug(message, t);
    }

    void error(String message, Throwable t) {
        logger.error(message, t);
    }
}
