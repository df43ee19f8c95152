package io.jmlflow;

import io.jmlflow.MlflowException;

/**
 * An error from an MLflow tracking server (its {@code error_code} and message) or from reaching it. Carries the
 * HTTP status (0 when no response arrived) so that callers can tell a refusal from an outage.
 */
public class MlflowHttpException extends MlflowException {
    private final int httpStatus;

    public MlflowHttpException(String errorCode, String message, int httpStatus) {
        super(errorCode, message);
        this.httpStatus = httpStatus;
    }

    public MlflowHttpException(String errorCode, String message, int httpStatus, Throwable cause) {
        super(errorCode, message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the server's answer, or 0 when the request failed before one arrived. */
    public int httpStatus() { return httpStatus; }

    /**
     * True when trying again later may succeed: no answer at all, 429, or a 5xx. Such errors were already
     * retried with back-off before this exception was thrown. A TLS failure ({@code TLS_ERROR}: the certificate was
     * not accepted) is not transient: the set-up must change.
     */
    @Override
    public boolean isTransient() {
        if ("TLS_ERROR".equals(errorCode())) return false;
        return httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
    }
}
