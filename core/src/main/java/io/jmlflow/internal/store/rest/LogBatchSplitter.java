package io.jmlflow.internal.store.rest;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Splits one {@code logBatch} into requests the server accepts: at most 1000 metrics, 100 params, 100 tags and
 * 1000 entities in all per request (mlflow/utils/validation.py), and about 1 MB of JSON (the limit Databricks
 * and common proxies enforce). Each request takes up to 100 params and 100 tags and fills up with metrics, in
 * the caller's order. Exact duplicate params are sent once (the server refuses a repeated key within a request).
 */
final class LogBatchSplitter {
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_ENTITIES = 1000;
    static final int MAX_BYTES = 900_000;
    /** JSON punctuation and field names around one metric, param or tag. */
    private static final int ENTITY_OVERHEAD = 96;

    record Chunk(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        int size() { return metrics.size() + params.size() + tags.size(); }
    }

    private LogBatchSplitter() {
    }

    static List<Chunk> split(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        List<Metric> ms = metrics == null ? List.of() : metrics;
        List<Param> ps = params == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(params));
        List<Tag> ts = tags == null ? List.of() : tags;
        List<Chunk> out = new ArrayList<>();
        int mi = 0, pi = 0, ti = 0;
        while (mi < ms.size() || pi < ps.size() || ti < ts.size()) {
            List<Metric> cm = new ArrayList<>();
            List<Param> cp = new ArrayList<>();
            List<Tag> ct = new ArrayList<>();
            long bytes = 64;
            while (pi < ps.size() && cp.size() < MAX_PARAMS) {
                long b = size(ps.get(pi).key(), ps.get(pi).value());
                if (bytes + b > MAX_BYTES && !(cp.isEmpty() && ct.isEmpty() && cm.isEmpty())) break;
                bytes += b;
                cp.add(ps.get(pi++));
            }
            while (ti < ts.size() && ct.size() < MAX_TAGS && cp.size() + ct.size() < MAX_ENTITIES) {
                long b = size(ts.get(ti).key(), ts.get(ti).value());
                if (bytes + b > MAX_BYTES && !(cp.isEmpty() && ct.isEmpty() && cm.isEmpty())) break;
                bytes += b;
                ct.add(ts.get(ti++));
            }
            while (mi < ms.size() && cm.size() < MAX_METRICS && cp.size() + ct.size() + cm.size() < MAX_ENTITIES) {
                long b = size(ms.get(mi).key(), null) + 48;
                if (bytes + b > MAX_BYTES && !(cp.isEmpty() && ct.isEmpty() && cm.isEmpty())) break;
                bytes += b;
                cm.add(ms.get(mi++));
            }
            out.add(new Chunk(cm, cp, ct));
        }
        return out;
    }

    private static long size(String key, String value) {
        long n = ENTITY_OVERHEAD + utf8Length(key);
        if (value != null) n += utf8Length(value);
        return n;
    }

    private static long utf8Length(String s) {
        if (s == null) return 0;
        // JSON escaping can grow control characters and quotes; 2x bounds it for ordinary text cheaply.
        boolean ascii = s.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        return ascii ? s.length() : 2L * s.getBytes(StandardCharsets.UTF_8).length;
    }
}
