package io.jmlflow.agent;

import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

/** Never used: the start-up warm-up runs its class file through Byte Buddy once, and discards the result. */
final class AgentWarmUpTarget {
    private AgentWarmUpTarget() {
    }

    @TrackRun
    static int train(@LogParam("epochs") int epochs) {
        return epochs;
    }
}
