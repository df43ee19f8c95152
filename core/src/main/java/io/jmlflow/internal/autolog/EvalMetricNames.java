package io.jmlflow.internal.autolog;

import io.jmlflow.internal.WeakIdentityMap;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one naming rule for post-training evaluation metrics: in a run, the first dataset evaluated gets prefix
 * "eval_" (eval_accuracy_score ...); any other dataset gets "eval_<name>_" (name sanitized to [A-Za-z0-9_-];
 * unnamed ones "eval_2_", "eval_3_" in order). The same dataset key always gets the same prefix in a run.
 *
 * <p>"In order" is the dataset's position among the distinct datasets of the run: the third one evaluated, unnamed,
 * is "eval_3_". A name whose prefix another dataset of the run already has gets its position appended
 * ("eval_test_3_"). Keys that are values (strings, numbers, booleans, characters, enums, UUIDs, records) are
 * compared with {@code equals}; any other key (an array, a data frame, a list) by identity and held weakly, so
 * naming never keeps a user's data alive. At most {@value #MAX_RUNS} runs (least recently used) and
 * {@value #MAX_DATASETS_PER_RUN} value keys per run are remembered.
 */
public final class EvalMetricNames {
    static final int MAX_RUNS = 512;
    static final int MAX_DATASETS_PER_RUN = 256;
    private static final Pattern INVALID = Pattern.compile("[^A-Za-z0-9_-]+");
    private static final Object NO_KEY = new Object();

    private static final Map<String, RunNames> RUNS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunNames> eldest) {
            return size() > MAX_RUNS;
        }
    };

    private EvalMetricNames() {
    }

    /**
     * The prefix for metrics of the dataset {@code datasetKey} (the data object or any stable key; null means the
     * key is the name) named {@code datasetName} (may be null) evaluated in run {@code runId}. Never throws.
     */
    public static String prefix(String runId, Object datasetKey, String datasetName) {
        try {
            Object key = datasetKey != null ? datasetKey : datasetName != null ? "name:" + datasetName : NO_KEY;
            synchronized (RUNS) {
                RunNames names = RUNS.computeIfAbsent(String.valueOf(runId), r -> new RunNames());
                return names.prefixFor(key, datasetName);
            }
        } catch (RuntimeException e) {
            return "eval_";
        }
    }

    /** Forgets what was named in {@code runId} (for tests and for runs known to be over). */
    static void forget(String runId) {
        synchronized (RUNS) {
            RUNS.remove(runId);
        }
    }

    static String sanitize(String name) {
        if (name == null) return "";
        String s = INVALID.matcher(name.trim()).replaceAll("_");
        while (s.startsWith("_")) s = s.substring(1);
        while (s.endsWith("_")) s = s.substring(0, s.length() - 1);
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    private static boolean isValueKey(Object key) {
        return key instanceof CharSequence || key instanceof Number || key instanceof Boolean
                || key instanceof Character || key instanceof Enum<?> || key instanceof UUID || key instanceof Record
                || key == NO_KEY;
    }

    /** What one run has named so far. */
    private static final class RunNames {
        private int datasets;
        private final Set<String> used = new HashSet<>();
        private final Map<Object, String> byValue = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, String> eldest) {
                return size() > MAX_DATASETS_PER_RUN;
            }
        };
        private final WeakIdentityMap<Object, String> byIdentity = new WeakIdentityMap<>();

        String prefixFor(Object key, String name) {
            boolean value = isValueKey(key);
            String known = value ? byValue.get(key) : byIdentity.get(key);
            if (known != null) return known;
            int position = ++datasets;
            String prefix;
            if (position == 1) {
                prefix = "eval_";
            } else {
                String clean = sanitize(name);
                String base = clean.isEmpty() ? "eval_" + position : "eval_" + clean;
                prefix = base + "_";
                for (int n = position; used.contains(prefix); n++) prefix = base + "_" + n + "_";
            }
            used.add(prefix);
            if (value) byValue.put(key, prefix);
            else byIdentity.put(key, prefix);
            return prefix;
        }
    }
}
