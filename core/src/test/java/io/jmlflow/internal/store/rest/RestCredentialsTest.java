package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowException;
import okhttp3.Credentials;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials are sent as MLflow sends them and never show up in an exception message or a settings dump. */
class RestCredentialsTest {
    private static final String PASSWORD = "s3cr3t-pa55word";
    private static final String TOKEN = "tok-0123456789abcdef";

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        // a careless proxy that echoes the request's Authorization header in its error page
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(403).setBody("{\"error_code\": \"PERMISSION_DENIED\", "
                        + "\"message\": \"denied for " + request.getHeader("Authorization") + "\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static void assertClean(String text) {
        String basic = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertFalse(text.contains(PASSWORD), text);
        assertFalse(text.contains(TOKEN), text);
        assertFalse(text.contains(basic), text);
    }

    private static String everything(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append('\n');
        return b.toString();
    }

    @Test
    void basicAuthIsSentButNeverShown() throws Exception {
        RestStore store = RestStore.open(server.url("/").toString(),
                RestSettings.defaults().withRetries(0, 0, 0).withBasicAuth("alice", PASSWORD));
        MlflowException e = assertThrows(MlflowException.class, () -> store.getRun("abc"));
        assertEquals("PERMISSION_DENIED", e.errorCode());
        assertClean(everything(e));
        assertTrue(e.getMessage().contains("****"), e.getMessage());
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals(Credentials.basic("alice", PASSWORD), r.getHeader("Authorization"));
        assertClean(store.client().settings().toString());
    }

    @Test
    void bearerTokenIsSentButNeverShown() throws Exception {
        RestStore store = RestStore.open(server.url("/").toString(),
                RestSettings.defaults().withRetries(0, 0, 0).withToken(TOKEN));
        MlflowException e = assertThrows(MlflowException.class, () -> store.getExperiment("1"));
        assertClean(everything(e));
        assertEquals("Bearer " + TOKEN, server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization"));
        assertClean(store.client().settings().toString());
    }

    @Test
    void userInfoInTheUriIsUsedAndDropped() throws Exception {
        String uri = "http://alice:" + PASSWORD + "@" + server.getHostName() + ":" + server.getPort();
        RestStore store = RestStore.open(uri, RestSettings.defaults().withRetries(0, 0, 0));
        assertClean(store.uri());
        MlflowException e = assertThrows(MlflowException.class, () -> store.getExperiment("1"));
        assertClean(everything(e));
        assertEquals(Credentials.basic("alice", PASSWORD), server.takeRequest(5, TimeUnit.SECONDS)
                .getHeader("Authorization"));
    }

    @Test
    void unreachableServerMessagesCarryNoCredentials() throws Exception {
        String uri = "http://alice:" + PASSWORD + "@" + server.getHostName() + ":" + server.getPort();
        server.shutdown();
        RestStore store = RestStore.open(uri, RestSettings.defaults().withRetries(1, 0, 0).withToken(TOKEN));
        MlflowException e = assertThrows(MlflowException.class, () -> store.getExperiment("1"));
        assertEquals(MlflowException.IO_ERROR, e.errorCode());
        assertClean(everything(e));
    }
}
