package io.jmlflow.internal.store.file;

import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.store.TrackingStoreContractTest;

import java.nio.file.Path;

/** The shared store contract, run against the file store in a fresh {@code mlruns} directory. */
class FileStoreContractTest extends TrackingStoreContractTest {
    @Override
    protected TrackingStore newStore(Path tempDir) {
        return FileStore.open("file:" + tempDir.resolve("mlruns"));
    }
}
