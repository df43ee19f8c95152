package io.jmlflow.internal.store.rest;

import io.jmlflow.internal.store.TrackingStore;
import io.jmlflow.internal.store.TrackingStoreContractTest;
import io.jmlflow.testing.MlflowServer;

import java.nio.file.Path;

/** The shared store contract against the real MLflow server (one per JVM; experiment names are unique). */
class RestStoreContractTest extends TrackingStoreContractTest {
    @Override
    protected TrackingStore newStore(Path tempDir) {
        return RestStore.open(MlflowServer.shared().uri(), RestSettings.defaults().withRetries(3, 1, 0.5));
    }
}
