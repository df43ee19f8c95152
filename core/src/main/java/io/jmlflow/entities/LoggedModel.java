package io.jmlflow.entities;

import java.util.List;
import java.util.Map;

/** An MLflow 3 logged model ({@code models:/<modelId>}): its files live under {@code artifactLocation}. */
public record LoggedModel(String modelId, String experimentId, String name, String artifactLocation,
                          long creationTimestamp, long lastUpdatedTimestamp, String modelType, String sourceRunId,
                          LoggedModelStatus status, String statusMessage, Map<String, String> tags,
                          Map<String, String> params, List<Metric> metrics) {
    public LoggedModel {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        params = params == null ? Map.of() : Map.copyOf(params);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
