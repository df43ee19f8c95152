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
        Log.resetOnceForTesting();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> listener = lines::add;
        Log.addListener(listener);
        try {
            body.run();
        } finally {
            Log.removeListener(listener);
        }
        return lines;
    }
}
