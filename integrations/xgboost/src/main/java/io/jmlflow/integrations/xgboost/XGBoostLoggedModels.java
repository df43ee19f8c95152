package io.jmlflow.integrations.xgboost;

import io.jmlflow.ActiveRun;
import io.jmlflow.internal.WeakIdentityMap;

/**
 * The boosters autologging logged, by identity (held weakly), with their run and, once the post-training work logged
 * it, their logged model: where the user's later evaluations ({@code evalSet}) go.
 */
final class XGBoostLoggedModels {
    /** A booster's run and its logged model id (set on the post-training thread, null until then or without one). */
    static final class Entry {
        final ActiveRun run;
        volatile String modelId;

        Entry(ActiveRun run) {
            this.run = run;
        }

        String runId() {
            return run.runId();
        }
    }

    private static final WeakIdentityMap<Object, Entry> BOOSTERS = new WeakIdentityMap<>();

    private XGBoostLoggedModels() {
    }

    static Entry register(Object booster, ActiveRun run) {
        Entry e = new Entry(run);
        BOOSTERS.put(booster, e);
        return e;
    }

    static Entry find(Object booster) {
        return BOOSTERS.get(booster);
    }
}
