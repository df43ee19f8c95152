package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowHttpException;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, back-off and error mapping of the REST store against a scripted server. */
class RestRetryTest {
    private static final String EXPERIMENT = "{\"experiment\": {\"experiment_id\": \"7\", \"name\": \"e\","
            + " \"artifact_location\": \"mlflow-artifacts:/7\", \"lifecycle_stage\": \"active\","
            + " \"creation_time\": 1, \"last_update_time\": 2}}";

    private MockWebServer server;
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private RestStore store(RestSettings settings) {
        RestStore store = RestStore.open(server.url("/").toString(), settings);
        store.client().setSleeper(waits::add);
        return store;
    }

    private static RestSettings retries(int n) {
        return RestSettings.defaults().withRetries(n, 2, 0);
    }

    @Test
    void retriesRateLimitAndUnavailableThenSucceeds() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3")
                .setBody("{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"slow down\"}"));
        server.enqueue(new MockResponse().setResponseCode(503).setBody("upstream unavailable"));
        server.enqueue(new MockResponse().setResponseCode(200).setBody(EXPERIMENT));

        Experiment e = store(retries(5)).getExperiment("7");

        assertEquals("e", e.name());
        assertEquals(3, server.getRequestCount());
        // the first wait is the server's Retry-After; the second is the back-off of retry 2 (2 s * 2^1)
        assertEquals(List.of(3000L, 4000L), waits);
        for (int i = 0; i < 3; i++) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            assertEquals("/api/2.0/mlflow/experiments/get?experiment_id=7", r.getPath());
            assertEquals("GET", r.getMethod());
        }
    }

    @Test
    void badRequestIsNotRetriedAndKeepsTheServersCode() {
        server.enqueue(new MockResponse().setResponseCode(400).setBody(
                "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Param lr already logged\"}"));
        server.enqueue(new MockResponse().setResponseCode(200).setBody("{}"));

        MlflowHttpException e = assertThrows(MlflowHttpException.class,
                () -> store(retries(5)).logBatch("r1", List.of(), List.of(new io.jmlflow.entities.Param("lr", "1")),
                        List.of()));

        assertEquals(MlflowException.INVALID_PARAMETER_VALUE, e.errorCode());
        assertEquals("Param lr already logged", e.getMessage());
        assertEquals(400, e.httpStatus());
        assertFalse(e.isTransient());
        assertEquals(1, server.getRequestCount());
        assertTrue(waits.isEmpty());
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheLastAnswer() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500).setBody(
                    "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}"));
        }
        MlflowHttpException e = assertThrows(MlflowHttpException.class, () -> store(retries(2)).getRun("abc"));
        assertEquals("INTERNAL_ERROR", e.errorCode());
        assertEquals("database is locked", e.getMessage());
        assertTrue(e.isTransient());
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(0L, 4000L), waits);
    }

    @Test
    void connectionFailuresAreRetriedAndReportedAsTransient() throws Exception {
        String url = server.url("/").toString();
        server.shutdown();
        RestStore store = RestStore.open(url, retries(3));
        store.client().setSleeper(waits::add);
        MlflowHttpException e = assertThrows(MlflowHttpException.class, () -> store.getExperiment("1"));
        assertEquals(MlflowException.IO_ERROR, e.errorCode());
        assertEquals(0, e.httpStatus());
        assertTrue(e.isTransient());
        assertEquals(3, waits.size());
        assertTrue(e.getMessage().contains("failed after 4 attempt(s)"), e.getMessage());
    }

    @Test
    void nonJsonErrorsGetMlflowsCodeForTheStatus() {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("<html>no such page</html>"));
        MlflowHttpException e = assertThrows(MlflowHttpException.class, () -> store(retries(0)).getRun("abc"));
        assertEquals("ENDPOINT_NOT_FOUND", e.errorCode());
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("no such page"), e.getMessage());
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        assertEquals(2500, RetryPolicy.retryAfterMillis("2.5"));
        assertEquals(-1, RetryPolicy.retryAfterMillis("soon"));
        assertEquals(0, RetryPolicy.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(RetryPolicy.MAX_BACKOFF_MS, new RetryPolicy(10, 100, 0).delayMillis(9, null));
    }
}
