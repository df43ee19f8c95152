package io.jmlflow.entities;

import java.util.List;
import java.util.Map;

/** A run's params, tags and latest value of each metric. */
public record RunData(List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
    public RunData {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        params = params == null ? Map.of() : Map.copyOf(params);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The latest value of a metric, or null when the run has none under that key. */
    public Double metric(String key) {
        for (Metric m : metrics) if (m.key().equals(key)) return m.value();
        return null;
    }
}
