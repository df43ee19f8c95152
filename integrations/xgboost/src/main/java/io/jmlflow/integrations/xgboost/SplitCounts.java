package io.jmlflow.integrations.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code weight} feature importance (how many splits use each feature), read from the booster's text dump as
 * {@code Booster.getScore("", "weight")} reads it, with the same result. {@code getScore} asks for a dump with
 * statistics and splits each of its lines into several strings; this asks for the shorter dump without statistics
 * and scans each line in place (a few milliseconds less on a run's post-training thread, and no JIT work for
 * {@code String.split} in a JVM that is about to exit).
 */
final class SplitCounts {
    private SplitCounts() {
    }

    /** The number of splits on each feature, by the name the dump gives it ({@code f0, f1, ...} without names). */
    static Map<String, Double> of(Booster booster) throws XGBoostError {
        Map<String, int[]> counts = new HashMap<>();
        for (String tree : booster.getModelDump("", false)) count(tree, counts);
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) out.put(e.getKey(), (double) e.getValue()[0]);
        return out;
    }

    /**
     * Adds the splits of one tree's dump: on each line with a {@code [}, the text after it up to the first {@code ]}
     * (or the next {@code [}) and then up to the first {@code <} names the feature; lines without one are leaves.
     */
    static void count(String tree, Map<String, int[]> counts) {
        int length = tree.length();
        int line = 0;
        while (line < length) {
            int end = tree.indexOf('\n', line);
            if (end < 0) end = length;
            int open = tree.indexOf('[', line);
            if (open >= 0 && open < end) {
                int stop = tree.indexOf('[', open + 1);
                if (stop < 0 || stop > end) stop = end;
                int close = indexIn(tree, ']', open + 1, stop);
                if (close >= 0) stop = close;
                int less = indexIn(tree, '<', open + 1, stop);
                if (less >= 0) stop = less;
                String feature = tree.substring(open + 1, stop);
                int[] n = counts.get(feature); // one entry per feature, counted in place
                if (n == null) counts.put(feature, new int[] {1});
                else n[0]++;
            }
            line = end + 1;
        }
    }

    private static int indexIn(String s, char c, int from, int to) {
        int i = s.indexOf(c, from);
        return i >= 0 && i < to ? i : -1;
    }
}
