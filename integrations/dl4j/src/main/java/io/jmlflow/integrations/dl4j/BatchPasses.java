package io.jmlflow.integrations.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.HashSet;
import java.util.Set;

/**
 * The epochs of a hand-written mini-batch loop ({@code fit(DataSet)}, {@code fit(features, labels)},
 * {@code fit(MultiDataSet)} per batch), which DL4J does not count: a pass over the data ends when a batch comes
 * again that the pass already trained on (the same batches in the same or a shuffled order), and, once the length of
 * a pass is known, when a pass has had that many batches. A batch is known by a fingerprint of its features (shape
 * and the first and last few values), read in a few microseconds. Batches made afresh each epoch (rows reshuffled
 * across batches) never repeat: the whole loop is then one pass. Not thread-safe: the training thread calls it.
 */
final class BatchPasses {
    /** Values read from each end of a batch's features for its fingerprint. */
    private static final int SAMPLED = 8;
    /** A pass longer than this many batches is not followed batch by batch (the set would grow without bound). */
    static final int MAX_BATCHES_PER_PASS = 1_000_000;

    private final Set<Long> seen = new HashSet<>();
    private int passLength = -1;
    private int passesEnded;
    private boolean given;

    /**
     * A batch is about to be trained on: true when it begins a new pass, that is when the previous pass just ended
     * (then {@link #passesEnded} counts it). {@code batch} is the first argument of {@code fit}.
     */
    boolean beginsPass(Object batch) {
        if (given) return false;
        long f;
        try {
            f = fingerprint(features(batch));
        } catch (RuntimeException e) {
            given = true; // a batch we cannot read: no epochs for this loop
            return false;
        }
        if (seen.contains(f) || passLength > 0 && seen.size() >= passLength) {
            if (passLength < 0) passLength = seen.size();
            passesEnded++;
            seen.clear();
            seen.add(f);
            return true;
        }
        if (seen.size() >= MAX_BATCHES_PER_PASS) {
            given = true;
            return false;
        }
        seen.add(f);
        return false;
    }

    /** True when the pass under way has every batch of a pass (the loop stopped at the end of an epoch). */
    boolean passComplete() {
        return !given && !seen.isEmpty() && (passLength < 0 || seen.size() >= passLength);
    }

    /** Passes that ended so far (a pass ends when the next one begins). */
    int passesEnded() {
        return passesEnded;
    }

    static INDArray features(Object batch) {
        if (batch instanceof DataSet) return ((DataSet) batch).getFeatures();
        if (batch instanceof MultiDataSet) return ((MultiDataSet) batch).getFeatures(0);
        if (batch instanceof INDArray) return (INDArray) batch;
        if (batch instanceof INDArray[] && ((INDArray[]) batch).length > 0) return ((INDArray[]) batch)[0];
        return null;
    }

    /** Shape and the first and last {@value #SAMPLED} values. */
    static long fingerprint(INDArray a) {
        if (a == null) throw new IllegalArgumentException("no features");
        long h = 1125899906842597L;
        for (long d : a.shape()) h = 31 * h + d;
        long n = a.length();
        for (long i = 0; i < Math.min(SAMPLED, n); i++) h = 31 * h + Double.doubleToLongBits(a.getDouble(i));
        for (long i = Math.max(SAMPLED, n - SAMPLED); i < n; i++) h = 31 * h + Double.doubleToLongBits(a.getDouble(i));
        return h;
    }
}
