package io.jmlflow.agent.cli;

import java.io.PrintStream;

/**
 * {@code java -jar mlflow-agent.jar sync}: replays, in order, what was spooled to disk while a tracking server was
 * unreachable. The spool is written by the REST store (a later change); until then there is never anything to
 * replay, which is what this reports.
 */
final class SpoolSync {
    private final PrintStream out;

    SpoolSync(PrintStream out) {
        this.out = out;
    }

    int run() {
        out.println("nothing to replay");
        return 0;
    }
}
