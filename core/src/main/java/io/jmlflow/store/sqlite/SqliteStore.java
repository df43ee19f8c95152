package io.jmlflow.store.sqlite;

/** Placeholder: being written. */
public final class SqliteStore {
    private SqliteStore() {
    }
}
