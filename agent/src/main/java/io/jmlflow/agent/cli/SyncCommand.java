package io.jmlflow.agent.cli;

import io.jmlflow.internal.Spool;
import io.jmlflow.internal.SpoolSync;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar mlflow-agent.jar sync [--all]}: replays, in order, what was spooled to disk while a tracking store
 * did not answer ({@code spool.dir}, default {@code ~/.mlflow-java/spool}): for the configured store
 * ({@code MLFLOW_TRACKING_URI}, else {@code ./mlflow.db} here), or for every store with {@code --all}. A store that
 * does not answer one short probe is skipped at once. Exit code 0 when nothing is left.
 */
final class SyncCommand {
    private final PrintStream out;

    SyncCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args) {
        boolean all = Arrays.asList(args).contains("--all");
        int left = all ? SpoolSync.syncAll(Spool.defaultRoot(), out) : SpoolSync.syncCurrent(Spool.defaultRoot(), out);
        return left == 0 ? 0 : 1;
    }
}
