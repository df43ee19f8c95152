package io.jmlflow.entities;

/**
 * A dataset as MLflow records it: name, a content digest, where it came from, and its schema and profile
 * as JSON strings.
 */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
}
