package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings come from MLflow's variable names through MlflowConfig, and secrets stay hidden. */
class RestSettingsTest {

    @Test
    void readsMlflowsVariablesThroughTheConfigScheme() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("http.request.max.retries", "3");
        props.put("http.request.backoff.factor", "0.5");
        props.put("http.request.backoff.jitter", "0");
        props.put("http.request.timeout", "9");
        props.put("tracking.username", "bob");
        props.put("tracking.password", "hunter2-secret");
        props.put("tracking.token", "tok-secret-value");
        props.put("tracking.insecure.tls", "true");
        props.put("tracking.client.cert.path", "/tmp/client.pem");
        Map<String, String> envNames = new LinkedHashMap<>();
        props.keySet().forEach(k -> envNames.put(k, MlflowConfig.envName(k)));
        assertEquals("MLFLOW_HTTP_REQUEST_MAX_RETRIES", envNames.get("http.request.max.retries"));
        assertEquals("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", envNames.get("http.request.backoff.factor"));
        assertEquals("MLFLOW_HTTP_REQUEST_TIMEOUT", envNames.get("http.request.timeout"));
        assertEquals("MLFLOW_TRACKING_INSECURE_TLS", envNames.get("tracking.insecure.tls"));
        assertEquals("MLFLOW_TRACKING_CLIENT_CERT_PATH", envNames.get("tracking.client.cert.path"));
        assertEquals("MLFLOW_TRACKING_SERVER_CERT_PATH", MlflowConfig.envName("tracking.server.cert.path"));
        assertEquals("MLFLOW_TRACKING_USERNAME", envNames.get("tracking.username"));
        assertEquals("MLFLOW_TRACKING_PASSWORD", envNames.get("tracking.password"));
        assertEquals("MLFLOW_TRACKING_TOKEN", envNames.get("tracking.token"));

        props.forEach((k, v) -> System.setProperty(MlflowConfig.systemPropertyName(k), v));
        try {
            RestSettings s = RestSettings.fromConfig();
            assertEquals(3, s.maxRetries());
            assertEquals(0.5, s.backoffFactor());
            assertEquals(0.0, s.backoffJitter());
            assertEquals(9, s.timeoutSeconds());
            assertEquals("bob", s.username());
            assertEquals("hunter2-secret", s.password());
            assertEquals("tok-secret-value", s.token());
            assertTrue(s.insecureTls());
            assertEquals("/tmp/client.pem", s.clientCertPath());
            assertFalse(s.toString().contains("hunter2-secret") || s.toString().contains("tok-secret-value"),
                    s.toString());
        } finally {
            props.keySet().forEach(k -> System.clearProperty(MlflowConfig.systemPropertyName(k)));
        }
    }

    @Test
    void defaultsAreMlflows() {
        RestSettings s = RestSettings.defaults();
        assertEquals(7, s.maxRetries());
        assertEquals(2.0, s.backoffFactor());
        assertEquals(1.0, s.backoffJitter());
        assertEquals(120, s.timeoutSeconds());
        assertEquals(10, s.withRetries(50, 500, 0).maxRetries(), "MLflow's limit of 10 retries");
        assertEquals(120.0, s.withRetries(50, 500, 0).backoffFactor(), "MLflow's limit of a 120 s factor");
    }
}
