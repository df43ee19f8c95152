package io.jmlflow.store.file;

/** Placeholder: being written. */
public final class FileStore {
    private FileStore() {
    }
}
