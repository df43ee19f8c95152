package io.jmlflow;

import io.jmlflow.testing.Warnings;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that refuses this client's credentials is not "unreachable": the user is told it is an authentication
 * problem, and what the run logs waits in the spool for {@code sync} once the credentials are fixed.
 */
class AuthFailureTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        Mlflow.resetForTesting();
    }

    @Test
    void refusedCredentialsAreSaidAsSuchAndTheRunIsKept() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            for (int i = 0; i < 20; i++) {
                server.enqueue(new MockResponse().setResponseCode(401).setBody("You are not authenticated."));
            }
            server.start();
            Mlflow.resetForTesting();
            MlflowConfig.set("spool.dir", dir.resolve("spool").toString());
            String uri = server.url("/").toString();
            List<String> lines;
            try (Warnings.Collector log = Warnings.collect()) {
                Mlflow.setTrackingUri(uri);
                try (ActiveRun run = Mlflow.startRun("refused-credentials")) {
                    run.logMetric("m", 1);
                }
                lines = log.lines();
            }
            String all = String.join("\n", lines);
            assertTrue(all.contains("does not accept this client: authentication failed"), all);
            assertFalse(all.contains("unreachable"), "refused credentials are not an outage: " + all);
            assertTrue(all.contains("local spool") && all.contains("once that is fixed"), all);
        }
    }
}
