package io.jmlflow.internal;

import java.util.UUID;

/** Ids in MLflow's formats. */
public final class Ids {
    private Ids() {
    }

    /** A run id: 32 lower-case hex digits. */
    public static String runId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A logged model id: {@code m-} and 32 hex digits. */
    public static String modelId() {
        return "m-" + runId();
    }
}
