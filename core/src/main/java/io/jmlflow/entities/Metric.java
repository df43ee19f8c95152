package io.jmlflow.entities;

/** One metric point: key, value, wall-clock timestamp in ms, and step. */
public record Metric(String key, double value, long timestamp, long step) {
}
