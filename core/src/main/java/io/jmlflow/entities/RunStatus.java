package io.jmlflow.entities;

/** Run status, with the integer codes MLflow's file store and protobufs use. */
public enum RunStatus {
    RUNNING(1), SCHEDULED(2), FINISHED(3), FAILED(4), KILLED(5);

    private final int code;

    RunStatus(int code) { this.code = code; }

    public int code() { return code; }

    public boolean isTerminated() { return this == FINISHED || this == FAILED || this == KILLED; }

    public static RunStatus fromCode(int code) {
        for (RunStatus s : values()) if (s.code == code) return s;
        throw new IllegalArgumentException("unknown run status code " + code);
    }
}
