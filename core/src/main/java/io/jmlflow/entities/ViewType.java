package io.jmlflow.entities;

/** Which lifecycle stages a search returns. */
public enum ViewType {
    ACTIVE_ONLY, DELETED_ONLY, ALL;

    public boolean includes(LifecycleStage stage) {
        return this == ALL || (this == ACTIVE_ONLY) == (stage == LifecycleStage.ACTIVE);
    }
}
