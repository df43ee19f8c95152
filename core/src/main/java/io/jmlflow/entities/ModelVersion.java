package io.jmlflow.entities;

/** A version of a registered model; {@code source} is where its files are (e.g. {@code models:/m-...}). */
public record ModelVersion(String name, String version, String source, String runId, String modelId,
                           String status, long creationTimestamp) {
}
