package io.jmlflow.integrations.smile;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The training data of a Smile call, found among its arguments: a {@code (Formula, DataFrame)} pair, or a row array
 * ({@code double[][]}, {@code T[]}, {@code int[][]}, ...) with, for supervised models, the label array
 * ({@code int[]} for classifiers, {@code double[]} for regressors) of the same length.
 */
final class SmileTrainingData {
    final Object formula;
    final Object frame;
    final Object[] rows;
    final Object labels;
    final int size;

    private SmileTrainingData(Object formula, Object frame, Object[] rows, Object labels, int size) {
        this.formula = formula;
        this.frame = frame;
        this.rows = rows;
        this.labels = labels;
        this.size = size;
    }

    static SmileTrainingData of(Object[] args) {
        Object formula = null;
        Object frame = null;
        Object[] rows = null;
        Object labels = null;
        for (Object a : args) {
            if (a == null) continue;
            if (formula == null && Reflect.isA(a, "smile.data.formula.Formula")) {
                formula = a;
            } else if (frame == null && Reflect.isA(a, "smile.data.DataFrame")) {
                frame = a;
            } else if (rows == null && a instanceof Object[] && ((Object[]) a).length > 0) {
                rows = (Object[]) a;
            } else if (rows != null && labels == null && (a instanceof int[] && ((int[]) a).length == rows.length
                    || a instanceof double[] && ((double[]) a).length == rows.length)) {
                labels = a;
            }
        }
        int size = -1;
        if (frame != null) {
            Object n = Reflect.read(frame, "nrow", "size");
            if (n instanceof Number) size = ((Number) n).intValue();
        } else if (rows != null) {
            size = rows.length;
        }
        return new SmileTrainingData(formula, frame, rows, labels, size);
    }

    /**
     * The {@code sample} rows (indexes into this data) as a data set of their own, safe to read after the training
     * call returned: row arrays and labels are copied (the caller may reuse its arrays); data frames, which Smile
     * does not let callers change, are kept as they are (the sample then indexes the frame).
     */
    SmileTrainingData detached(int[] sample) {
        if (isFrame() || rows == null) return this;
        Object[] r = new Object[sample.length];
        for (int i = 0; i < sample.length; i++) r[i] = copy(rows[sample[i]]);
        Object l = null;
        if (labels instanceof int[]) {
            int[] all = (int[]) labels;
            int[] out = new int[sample.length];
            for (int i = 0; i < sample.length; i++) out[i] = all[sample[i]];
            l = out;
        } else if (labels instanceof double[]) {
            double[] all = (double[]) labels;
            double[] out = new double[sample.length];
            for (int i = 0; i < sample.length; i++) out[i] = all[sample[i]];
            l = out;
        }
        return new SmileTrainingData(null, null, r, l, sample.length);
    }

    private static Object copy(Object row) {
        if (row instanceof double[]) return ((double[]) row).clone();
        if (row instanceof float[]) return ((float[]) row).clone();
        if (row instanceof int[]) return ((int[]) row).clone();
        if (row instanceof long[]) return ((long[]) row).clone();
        return row;
    }

    /** The row indexes 0 .. size-1 of a {@link #detached} sample, or the sample itself for a frame. */
    static int[] all(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return all;
    }

    /** True when training used a formula over a data frame. */
    boolean isFrame() {
        return formula != null && frame != null;
    }

    /** Width of a numeric row ({@code double[]}, {@code float[]}, {@code int[]}), else -1. */
    int rowWidth() {
        if (rows == null) return -1;
        Object first = rows[0];
        if (first instanceof double[]) return ((double[]) first).length;
        if (first instanceof float[]) return ((float[]) first).length;
        if (first instanceof int[]) return ((int[]) first).length;
        return -1;
    }

    /**
     * Up to {@code cap} training row indices (all rows when there are not more), drawn uniformly without
     * replacement with a fixed seed and sorted, so that training metrics cost a bounded prediction pass however large
     * the data is, are reproducible, and do not follow a pattern in the row order (a stride would).
     */
    int[] sample(int cap) {
        int n = Math.max(size, 0);
        if (n <= cap) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        // Floyd's sampling: cap distinct indices in O(cap) steps, whatever n is (the bit set costs n / 8 bytes, far
        // less than the data), read back in order
        SplittableRandom random = new SplittableRandom(20240521L);
        BitSet chosen = new BitSet(n);
        for (int j = n - cap; j < n; j++) {
            int t = random.nextInt(j + 1);
            chosen.set(chosen.get(t) ? j : t);
        }
        int[] idx = new int[cap];
        int i = 0;
        for (int v = chosen.nextSetBit(0); v >= 0; v = chosen.nextSetBit(v + 1)) idx[i++] = v;
        return idx;
    }
}
