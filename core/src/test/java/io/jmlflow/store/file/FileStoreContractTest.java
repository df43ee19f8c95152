package io.jmlflow.store.file;

import io.jmlflow.store.TrackingStore;
import io.jmlflow.store.TrackingStoreContractTest;

import java.nio.file.Path;

/** The shared store contract, run against the file store in a fresh {@code mlruns} directory. */
class FileStoreContractTest extends TrackingStoreContractTest {
    @Override
    protected TrackingStore newStore(Path tempDir) {
        return FileStore.open("file:" + tempDir.resolve("mlruns"));
    }
}
