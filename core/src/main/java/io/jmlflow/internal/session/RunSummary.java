package io.jmlflow.internal.session;

import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.ViewHint;
import io.jmlflow.internal.writer.BatchingLogger;
import io.jmlflow.internal.writer.TrackedRun;

/**
 * The one line printed when a run ends, after its post-training work: what reached the store (or the spool) by count,
 * under the id the store knows the run by, and where to look. It never says FINISHED for a run the store refused.
 */
public final class RunSummary {
    /** The line printed again for data logged to the run after its end, with the counts then. */
    public static final class Again implements TrackedRun.SummaryLine {
        private final Session session;
        private final RunStatus status;
        private final long flushBoundMillis;

        public Again(Session session, RunStatus status, long flushBoundMillis) {
            this.session = session;
            this.status = status;
            this.flushBoundMillis = flushBoundMillis;
        }

        @Override
        public void printAgain(TrackedRun run) {
            try {
                io.jmlflow.internal.Log.info(of(session, run, status, flushBoundMillis, true)
                        + " (updated: logged to after its end, e.g. an evaluation of its model)");
            } catch (RuntimeException e) {
                // a summary line is never worth an exception in the caller
            }
        }
    }

    private RunSummary() {
    }

    /** {@code flushed}: everything the run logged was written or spooled within the flush bound. */
    public static String of(Session s, TrackedRun run, RunStatus status, long flushBoundMillis, boolean flushed) {
        BatchingLogger logger = s.logger();
        String uri = s.trackingUri();
        TrackedRun.Creation c = run.creation();
        String name = c == null ? run.key() : c.runName();
        String counts = run.params() + " params, " + run.metricPoints() + " metric points, " + run.tags() + " tags"
                + (run.models() > 0 ? ", " + run.models() + " model" + (run.models() > 1 ? "s" : "") : "");
        StringBuilder line = new StringBuilder();
        String experiment = run.experimentId() != null ? run.experimentId()
                : c != null && c.experimentName() != null ? "'" + c.experimentName() + "'" : "0";
        switch (run.state()) {
            case REFUSED:
                line.append("run ").append(name).append(" (").append(run.key()).append(") was not created in ")
                        .append(uri).append(" (").append(run.reason()).append("): its ").append(counts)
                        .append(" are parked in the local spool ").append(logger.spoolDir())
                        .append("; `java -jar mlflow-agent.jar sync` replays them once that is fixed");
                break;
            case SPOOLED:
            case CREATING:
                if (run.needsConfiguration()) {
                    line.append("run ").append(name).append(" (").append(run.key()).append(") ").append(status)
                            .append(": ").append(counts).append(" -> the local spool ").append(logger.spoolDir())
                            .append(": ").append(uri).append(" does not accept this client (").append(run.reason())
                            .append("); `java -jar mlflow-agent.jar sync` replays them once that is fixed");
                } else {
                    line.append("run ").append(name).append(" (").append(run.key()).append(" until ").append(uri)
                            .append(" answers) ").append(status).append(": ").append(counts)
                            .append(" -> the local spool ").append(logger.spoolDir()).append(" (").append(uri)
                            .append(" is unreachable: ").append(run.reason() == null ? "no answer yet" : run.reason())
                            .append("), replayed when it answers, at the next start, or with"
                                    + " `java -jar mlflow-agent.jar sync`");
                }
                break;
            default:
                line.append("run ").append(name).append(" (").append(run.id()).append(") ").append(status).append(": ")
                        .append(counts).append(" -> ").append(uri).append(" (experiment ").append(experiment)
                        .append(")");
                if (run.hasSpooledData()) {
                    line.append("; part of it waits in the local spool ").append(logger.spoolDir())
                            .append(", replayed when ").append(uri).append(" takes it, at the next start, or with"
                            + " `java -jar mlflow-agent.jar sync`");
                }
        }
        if (!flushed) {
            line.append(" (some data was still being written when the flush bound of ").append(flushBoundMillis)
                    .append(" ms passed)");
        }
        if (run.notWritten() > 0) {
            line.append("; WARNING: ").append(run.notWritten()).append(" entries could not be written ")
                    .append(logger.failuresByCause());
        }
        if (run.state() == TrackedRun.State.CREATED) {
            line.append("; view: ").append(ViewHint.forRun(uri, experiment, run.id()));
        }
        return line.toString();
    }
}
