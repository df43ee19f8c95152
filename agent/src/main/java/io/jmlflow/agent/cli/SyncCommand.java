package io.jmlflow.agent.cli;

import io.jmlflow.internal.Spool;
import io.jmlflow.internal.SpoolSync;

import java.io.PrintStream;

/**
 * {@code java -jar mlflow-agent.jar sync}: replays, in order, what was spooled to disk while a tracking server was
 * unreachable ({@code spool.dir}, default {@code ~/.mlflow-java/spool}). Exit code 0 when nothing is left.
 */
final class SyncCommand {
    private final PrintStream out;

    SyncCommand(PrintStream out) {
        this.out = out;
    }

    int run() {
        int left = SpoolSync.syncAll(Spool.defaultRoot(), out);
        return left == 0 ? 0 : 1;
    }
}
