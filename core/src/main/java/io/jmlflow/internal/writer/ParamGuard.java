package io.jmlflow.internal.writer;

import io.jmlflow.entities.Param;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.Validation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MLflow's rule that a param keeps its value within a run, checked before anything is sent: the same value again is
 * not sent twice, a different one is skipped with a warning (log it as a metric or a tag instead).
 */
final class ParamGuard {
    private final Map<String, Map<String, String>> paramsByRun = new ConcurrentHashMap<>();

    /** True when {@code p} is new for the run and should be logged. */
    boolean admit(String runKey, Param p) {
        Map<String, String> seen = paramsByRun.get(runKey);
        if (seen == null) {
            seen = new ConcurrentHashMap<>();
            Map<String, String> raced = paramsByRun.putIfAbsent(runKey, seen);
            if (raced != null) seen = raced;
        }
        String previous = seen.putIfAbsent(p.key(), p.value());
        if (previous == null) return true;
        if (!previous.equals(p.value())) {
            Log.warn("param '" + p.key() + "' of run " + runKey + " is already '" + Validation.abbreviate(previous)
                    + "'; MLflow params cannot change within a run, so '" + Validation.abbreviate(p.value())
                    + "' was not logged (log it as a metric or a tag instead)");
        }
        return false;
    }

    /** Forgets the params of a run that ended. */
    void forget(String runKey) {
        paramsByRun.remove(runKey);
    }
}
