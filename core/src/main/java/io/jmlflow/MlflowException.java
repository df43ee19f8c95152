package io.jmlflow;

/** An error from a tracking store, with MLflow's error code (e.g. {@code RESOURCE_DOES_NOT_EXIST}). */
public class MlflowException extends RuntimeException {
    public static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
    public static final String RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    public static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";
    public static final String INVALID_STATE = "INVALID_STATE";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String IO_ERROR = "IO_ERROR";

    private final String errorCode;

    /** An error with MLflow's {@code errorCode}; credentials in {@code message} are masked. */
    public MlflowException(String errorCode, String message) {
        super(io.jmlflow.internal.Redaction.text(message));
        this.errorCode = errorCode;
    }

    public MlflowException(String errorCode, String message, Throwable cause) {
        super(io.jmlflow.internal.Redaction.text(message), cause);
        this.errorCode = errorCode;
    }

    public String errorCode() { return errorCode; }

    /**
     * True when the same call may succeed later (the store was unreachable or overloaded), so the data is worth
     * keeping for a replay rather than giving up on it.
     */
    public boolean isTransient() {
        return false;
    }

    public static MlflowException notFound(String what) {
        return new MlflowException(RESOURCE_DOES_NOT_EXIST, what + " not found");
    }

    public static MlflowException invalid(String message) {
        return new MlflowException(INVALID_PARAMETER_VALUE, message);
    }
}
