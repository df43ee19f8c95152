package io.jmlflow.store.rest;

/** Placeholder: being written. */
public final class RestStore {
    private RestStore() {
    }
}
