package io.jmlflow.internal.artifacts.upload;

/**
 * How a file of {@code fileSize} bytes is cut into parts numbered from 1: all of {@code partSize} bytes but the last.
 * S3 takes at most 10,000 parts, so a file larger than 10,000 parts of the configured size gets larger parts.
 */
public record PartPlan(long fileSize, long partSize, int count) {
    public static final int MAX_PARTS = 10_000;

    public static PartPlan of(long fileSize, long configuredPartSize) {
        long size = Math.max(configuredPartSize, (fileSize + MAX_PARTS - 1) / MAX_PARTS);
        // round a computed size up to whole MiB, as people read it
        if (size != configuredPartSize) size = (size + (1 << 20) - 1) / (1 << 20) * (1 << 20);
        int count = (int) Math.max(1, (fileSize + size - 1) / size);
        return new PartPlan(fileSize, size, count);
    }

    /** Where part {@code number} (1-based) starts in the file. */
    public long offset(int number) {
        return (number - 1) * partSize;
    }

    /** How many bytes part {@code number} holds. */
    public long length(int number) {
        return Math.min(partSize, fileSize - offset(number));
    }
}
