package io.jmlflow.entities;

/** Run metadata: identity, status, times and where its artifacts live. */
public record RunInfo(String runId, String experimentId, String runName, String userId, RunStatus status,
                      long startTime, Long endTime, String artifactUri, LifecycleStage lifecycleStage) {
}
