package demo;

import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

/** One small tracked method, for in-process instrumentation tests. */
public final class SmallTracked {
    @TrackRun(name = "small", experiment = "in-process")
    public static int work(@LogParam("n") int n) {
        return n + 1;
    }
}
