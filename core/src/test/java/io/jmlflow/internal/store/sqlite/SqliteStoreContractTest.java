package io.jmlflow.internal.store.sqlite;

import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.store.TrackingStoreContractTest;

import java.nio.file.Path;

/** The shared store contract against a fresh SQLite database in a temporary directory. */
class SqliteStoreContractTest extends TrackingStoreContractTest {
    @Override
    protected TrackingStore newStore(Path tempDir) {
        return SqliteStore.open("sqlite:///" + tempDir.resolve("mlflow.db").toAbsolutePath(),
                tempDir.resolve("mlruns").toString());
    }
}
