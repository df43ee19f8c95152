package io.jmlflow.testing;

import io.jmlflow.internal.Log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** The info and warning lines jmlflow logs while some code runs (one-time warnings are given again). */
public final class LogLines implements AutoCloseable {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> listener = lines::add;

    private LogLines() {
        Log.resetOnceForTesting();
        Log.addListener(listener);
    }

    /** Starts collecting; {@link #close} stops. */
    public static LogLines collect() {
        return new LogLines();
    }

    /** The lines logged while {@code body} ran. */
    public static List<String> during(Runnable body) {
        try (LogLines l = collect()) {
            body.run();
            return l.lines();
        }
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
