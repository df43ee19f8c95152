package io.jmlflow.entities;

import java.util.Map;

/** An MLflow experiment. */
public record Experiment(String experimentId, String name, String artifactLocation, LifecycleStage lifecycleStage,
                         long creationTime, long lastUpdateTime, Map<String, String> tags) {
    public Experiment {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
