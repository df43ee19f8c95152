package io.jmlflow.internal.writer;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.entities.Tag;

/**
 * One buffered call for a run (named by its session key, see {@link TrackedRun#key}): a metric point, a param, a tag,
 * or the run's end, which follows everything the run logged. Exactly one of them is set.
 */
record Entry(String runKey, Metric metric, Param param, Tag tag, RunStatus endStatus, long endTime) {
    /** Object header and fields of an entry, its list slot, and of the metric, param or tag record it holds. */
    private static final int FIXED_BYTES = 96;
    /** A string: header, fields, array header (compact Latin-1 strings: one byte a character). */
    private static final int STRING_BYTES = 56;

    static Entry metric(String runKey, Metric m) {
        return new Entry(runKey, m, null, null, null, 0);
    }

    static Entry param(String runKey, Param p) {
        return new Entry(runKey, null, p, null, null, 0);
    }

    static Entry tag(String runKey, Tag t) {
        return new Entry(runKey, null, null, t, null, 0);
    }

    static Entry end(String runKey, RunStatus status, long endTime) {
        return new Entry(runKey, null, null, null, status, endTime);
    }

    boolean isEnd() {
        return endStatus != null;
    }

    /**
     * About how much heap this entry keeps alive while it waits: the bound of the backlog is in these bytes. A
     * metric's key is usually one string shared by all its points, so it counts for a tenth; a param's or a tag's
     * strings count in full.
     */
    long bytes() {
        if (metric != null) return FIXED_BYTES + (STRING_BYTES + metric.key().length()) / 10;
        if (param != null) return FIXED_BYTES + 2L * STRING_BYTES + param.key().length() + length(param.value());
        if (tag != null) return FIXED_BYTES + 2L * STRING_BYTES + tag.key().length() + length(tag.value());
        return FIXED_BYTES;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
