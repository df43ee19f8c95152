package io.jmlflow.entities;

/** Whether an experiment or run is active or soft-deleted. */
public enum LifecycleStage {
    ACTIVE("active"), DELETED("deleted");

    private final String text;

    LifecycleStage(String text) { this.text = text; }

    /** The lower-case form MLflow stores. */
    public String text() { return text; }

    public static LifecycleStage fromText(String text) {
        return "deleted".equalsIgnoreCase(text) ? DELETED : ACTIVE;
    }
}
