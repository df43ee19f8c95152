package io.jmlflow.entities;

/** Lifecycle of an MLflow 3 logged model, with MLflow's protobuf codes. */
public enum LoggedModelStatus {
    PENDING(1), READY(2), FAILED(3);

    private final int code;

    LoggedModelStatus(int code) { this.code = code; }

    public int code() { return code; }

    public static LoggedModelStatus fromCode(int code) {
        for (LoggedModelStatus s : values()) if (s.code == code) return s;
        throw new IllegalArgumentException("unknown logged model status " + code);
    }
}
