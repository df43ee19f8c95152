package io.jmlflow.entities;

/** A run parameter; immutable once logged. */
public record Param(String key, String value) {
}
