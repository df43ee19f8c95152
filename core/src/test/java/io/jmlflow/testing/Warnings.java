package io.jmlflow.testing;

import io.jmlflow.internal.Log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** The info and warning lines our code logs while a piece of test code runs (one-time warnings reset first). */
public final class Warnings {
    /** Test code that may throw. */
    public interface Body {
        void run() throws Exception;
    }

    private Warnings() {
    }

    /** The lines logged while {@code body} ran; warnings start with {@code "WARNING: "}. */
    public static List<String> during(Body body) throws Exception {
        try (Collector c = collect()) {
            body.run();
            return c.lines();
        }
    }

    /** Collects the lines logged from now until {@link Collector#close} (for code that runs on other threads too). */
    public static Collector collect() {
        return new Collector();
    }

    /** The lines logged since it was made, while it is open. */
    public static final class Collector implements AutoCloseable {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Consumer<String> listener = lines::add;

        private Collector() {
            Log.resetOnceForTesting();
            Log.addListener(listener);
        }

        /** The lines so far. */
        public List<String> lines() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        @Override
        public void close() {
            Log.removeListener(listener);
        }
    }
}
