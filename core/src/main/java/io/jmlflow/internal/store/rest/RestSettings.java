package io.jmlflow.internal.store.rest;

import io.jmlflow.MlflowConfig;

/**
 * How the REST store talks to a tracking server: retries, timeouts, credentials and TLS, read from MLflow's own
 * environment variables through {@link MlflowConfig} ({@code http.request.max.retries} is
 * {@code MLFLOW_HTTP_REQUEST_MAX_RETRIES}, {@code tracking.token} is {@code MLFLOW_TRACKING_TOKEN}, ...).
 * Defaults are MLflow's: 7 retries, back-off factor 2 s, jitter 1 s, 120 s timeout.
 * {@link #toString()} never shows the password or the token.
 *
 * @param maxRetries        retries after the first attempt (0 disables retrying)
 * @param backoffFactor     seconds; the n-th retry (n &ge; 2) waits {@code backoffFactor * 2^(n-1)}, capped at 120 s
 * @param backoffJitter     seconds of random delay added to every wait
 * @param timeoutSeconds    connect, read and write timeout of each attempt
 * @param username          basic auth user ({@code MLFLOW_TRACKING_USERNAME}), used with {@code password}
 * @param password          basic auth password ({@code MLFLOW_TRACKING_PASSWORD})
 * @param token             bearer token ({@code MLFLOW_TRACKING_TOKEN}), used when no user/password is set
 * @param insecureTls       skip certificate and host name checks ({@code MLFLOW_TRACKING_INSECURE_TLS})
 * @param serverCertPath    PEM bundle of CAs to trust instead of the JVM's ({@code MLFLOW_TRACKING_SERVER_CERT_PATH})
 * @param clientCertPath    PEM with the client certificate and its unencrypted private key
 *                          ({@code MLFLOW_TRACKING_CLIENT_CERT_PATH})
 */
public record RestSettings(int maxRetries, double backoffFactor, double backoffJitter, long timeoutSeconds,
                           String username, String password, String token, boolean insecureTls,
                           String serverCertPath, String clientCertPath) {

    public static final int DEFAULT_MAX_RETRIES = 7;
    public static final double DEFAULT_BACKOFF_FACTOR = 2;
    public static final double DEFAULT_BACKOFF_JITTER = 1;
    public static final long DEFAULT_TIMEOUT_SECONDS = 120;

    public RestSettings {
        // MLflow refuses more than 10 retries and a factor above 120 s; clamp to the same bounds.
        maxRetries = Math.max(0, Math.min(10, maxRetries));
        backoffFactor = Math.max(0, Math.min(120, backoffFactor));
        backoffJitter = Math.max(0, backoffJitter);
        timeoutSeconds = timeoutSeconds <= 0 ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }

    /** The settings the environment, system properties and agent arguments give. */
    public static RestSettings fromConfig() {
        return new RestSettings(
                (int) MlflowConfig.getLong("http.request.max.retries", DEFAULT_MAX_RETRIES),
                MlflowConfig.getDouble("http.request.backoff.factor", DEFAULT_BACKOFF_FACTOR),
                MlflowConfig.getDouble("http.request.backoff.jitter", DEFAULT_BACKOFF_JITTER),
                MlflowConfig.getLong("http.request.timeout", DEFAULT_TIMEOUT_SECONDS),
                MlflowConfig.get("tracking.username"),
                MlflowConfig.get("tracking.password"),
                MlflowConfig.get("tracking.token"),
                MlflowConfig.getBoolean("tracking.insecure.tls", false),
                MlflowConfig.get("tracking.server.cert.path"),
                MlflowConfig.get("tracking.client.cert.path"));
    }

    /** No credentials, no TLS changes, MLflow's retry defaults. */
    public static RestSettings defaults() {
        return new RestSettings(DEFAULT_MAX_RETRIES, DEFAULT_BACKOFF_FACTOR, DEFAULT_BACKOFF_JITTER,
                DEFAULT_TIMEOUT_SECONDS, null, null, null, false, null, null);
    }

    public RestSettings withRetries(int retries, double factor, double jitter) {
        return new RestSettings(retries, factor, jitter, timeoutSeconds, username, password, token, insecureTls,
                serverCertPath, clientCertPath);
    }

    public RestSettings withTimeoutSeconds(long seconds) {
        return new RestSettings(maxRetries, backoffFactor, backoffJitter, seconds, username, password, token,
                insecureTls, serverCertPath, clientCertPath);
    }

    public RestSettings withBasicAuth(String user, String pass) {
        return new RestSettings(maxRetries, backoffFactor, backoffJitter, timeoutSeconds, user, pass, token,
                insecureTls, serverCertPath, clientCertPath);
    }

    public RestSettings withToken(String bearer) {
        return new RestSettings(maxRetries, backoffFactor, backoffJitter, timeoutSeconds, username, password, bearer,
                insecureTls, serverCertPath, clientCertPath);
    }

    public RestSettings withTls(boolean insecure, String serverCert, String clientCert) {
        return new RestSettings(maxRetries, backoffFactor, backoffJitter, timeoutSeconds, username, password, token,
                insecure, serverCert, clientCert);
    }

    @Override
    public String toString() {
        return "RestSettings[maxRetries=" + maxRetries + ", backoffFactor=" + backoffFactor + ", backoffJitter="
                + backoffJitter + ", timeoutSeconds=" + timeoutSeconds + ", username=" + (username == null ? "-" : username)
                + ", password=" + (password == null ? "-" : "****") + ", token=" + (token == null ? "-" : "****")
                + ", insecureTls=" + insecureTls + ", serverCertPath=" + serverCertPath + ", clientCertPath="
                + clientCertPath + "]";
    }
}
