package io.jmlflow.entities;

/** A tag on a run, experiment or logged model. */
public record Tag(String key, String value) {
}
