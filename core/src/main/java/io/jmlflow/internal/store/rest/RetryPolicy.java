package io.jmlflow.internal.store.rest;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to retry a request and how long to wait, following MLflow's client (urllib3's {@code Retry}): connection
 * failures and MLflow's transient statuses (408, 429, 500, 502, 503, 504) are retried; the first retry is immediate, the n-th waits
 * {@code backoffFactor * 2^(n-1)} seconds (at most 120 s); a random jitter is added; a {@code Retry-After}
 * header (seconds or an HTTP date) replaces the computed wait.
 */
final class RetryPolicy {
    static final long MAX_BACKOFF_MS = 120_000;

    private final int maxRetries;
    private final double backoffFactor;
    private final double backoffJitter;

    RetryPolicy(int maxRetries, double backoffFactor, double backoffJitter) {
        this.maxRetries = maxRetries;
        this.backoffFactor = backoffFactor;
        this.backoffJitter = backoffJitter;
    }

    int maxRetries() { return maxRetries; }

    /**
     * MLflow's transient statuses ({@code _TRANSIENT_FAILURE_RESPONSE_CODES}); others are answers, not outages: a 501
     * says the server cannot do this (for example a multipart upload to an artifact store that has none).
     */
    static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** The wait before retry number {@code retry} (1-based), honouring {@code retryAfter} when it parses. */
    long delayMillis(int retry, String retryAfter) {
        long serverAsked = retryAfterMillis(retryAfter);
        if (serverAsked >= 0) return serverAsked;
        double seconds = retry <= 1 ? 0 : backoffFactor * Math.pow(2, retry - 1);
        long ms = Math.min(MAX_BACKOFF_MS, Math.round(seconds * 1000));
        if (backoffJitter > 0) ms += Math.round(ThreadLocalRandom.current().nextDouble() * backoffJitter * 1000);
        return ms;
    }

    /** Milliseconds from a {@code Retry-After} value, or -1 when absent or unreadable. */
    static long retryAfterMillis(String value) {
        if (value == null || value.isBlank()) return -1;
        String v = value.trim();
        try {
            return Math.max(0, Math.min(MAX_BACKOFF_MS, Math.round(Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                long ms = Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis();
                return Math.max(0, Math.min(MAX_BACKOFF_MS, ms));
            } catch (DateTimeParseException notADate) {
                return -1;
            }
        }
    }
}
