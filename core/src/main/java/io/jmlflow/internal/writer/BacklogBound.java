package io.jmlflow.internal.writer;

import io.jmlflow.MlflowConfig;
import io.jmlflow.internal.Validation;

/**
 * How much the backlog may hold, following the heap: {@code async.max.pending.heap.share} (default 0.05, one
 * twentieth) of the maximum heap in estimated entry bytes, at least 4 MB and at most 256 MB; {@code async.max.pending}
 * (entries) bounds the count as well when set. At {@code -Xmx128m} that is about 6 MB, some 60,000 metric points; at
 * 4 GB about 200 MB, some two million.
 *
 * @param maxEntries   at most this many entries wait
 * @param maxBytes     at most this many estimated bytes of entries wait
 * @param batchEntries a full batch (MLflow's 1,000-entry request limit): the writer sends at once when that many
 *                     wait; it takes up to ten such units at a time for a local store (one transaction or append)
 */
record BacklogBound(int maxEntries, long maxBytes, int batchEntries) {
    static final long MIN_BYTES = 4L << 20;
    static final long MAX_BYTES = 256L << 20;

    BacklogBound {
        batchEntries = Math.max(1, batchEntries);
        maxEntries = Math.max(batchEntries, maxEntries);
        maxBytes = Math.max(1, maxBytes);
    }

    /** The bound the configuration and the heap give (the writer's batches are sized once the store is open). */
    static BacklogBound fromConfig() {
        double share = MlflowConfig.getDouble("async.max.pending.heap.share", 0.05);
        long heap = Runtime.getRuntime().maxMemory();
        long bytes = heap == Long.MAX_VALUE ? MAX_BYTES
                : Math.max(MIN_BYTES, Math.min(MAX_BYTES, (long) (heap * Math.max(0.001, Math.min(0.5, share)))));
        long entries = MlflowConfig.getLong("async.max.pending", Integer.MAX_VALUE);
        return new BacklogBound((int) Math.max(1, Math.min(Integer.MAX_VALUE, entries)), bytes,
                Validation.MAX_ENTITIES_PER_BATCH);
    }
}
