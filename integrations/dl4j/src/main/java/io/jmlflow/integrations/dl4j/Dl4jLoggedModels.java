package io.jmlflow.integrations.dl4j;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The model instances autologging finished logging, by identity (held weakly), with their run and, once the
 * post-training work has logged it, their logged model: where evaluations the user runs afterwards go. A model
 * trained again in a new run is re-registered under that run.
 */
final class Dl4jLoggedModels {
    /** A model's run and its logged model id (set on the post-training thread, null until then or without one). */
    static final class Entry {
        final String runId;
        final String metricPrefix;
        volatile String modelId;

        Entry(String runId, String metricPrefix) {
            this.runId = runId;
            this.metricPrefix = metricPrefix;
        }
    }

    private static final int MAX = 256;
    private static final List<WeakReference<Object>> MODELS = new ArrayList<>();
    private static final List<Entry> ENTRIES = new ArrayList<>();
    /** True once any model trained under autologging: until then evaluations cost one volatile read. */
    private static volatile boolean any;

    private Dl4jLoggedModels() {
    }

    static Entry register(Object model, String runId, String metricPrefix) {
        any = true;
        Entry e = new Entry(runId, metricPrefix);
        synchronized (MODELS) {
            removeCleared(model);
            if (MODELS.size() >= MAX) {
                MODELS.remove(0);
                ENTRIES.remove(0);
            }
            MODELS.add(new WeakReference<>(model));
            ENTRIES.add(e);
        }
        return e;
    }

    /** True once a model was registered here or started training under autologging ({@link #trainingStarted}). */
    static boolean any() {
        return any;
    }

    static void trainingStarted() {
        any = true;
    }

    static Entry find(Object model) {
        synchronized (MODELS) {
            for (int i = MODELS.size() - 1; i >= 0; i--) if (MODELS.get(i).get() == model) return ENTRIES.get(i);
        }
        return null;
    }

    /** Holds the lock: drops entries of collected models and the previous entry of {@code model}. */
    private static void removeCleared(Object model) {
        Iterator<WeakReference<Object>> m = MODELS.iterator();
        Iterator<Entry> e = ENTRIES.iterator();
        while (m.hasNext()) {
            Object o = m.next().get();
            e.next();
            if (o == null || o == model) {
                m.remove();
                e.remove();
            }
        }
    }
}
