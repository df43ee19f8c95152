package io.jmlflow;

import io.jmlflow.internal.Spool;
import io.jmlflow.internal.SpoolSync;

/** What {@code java -jar mlflow-agent.jar sync [--all]} runs, for child JVMs of core's tests (no agent jar here). */
public final class SyncMain {
    public static void main(String[] args) {
        boolean all = args.length > 0 && args[0].equals("--all");
        int left = all ? SpoolSync.syncAll(Spool.defaultRoot(), System.out)
                : SpoolSync.syncCurrent(Spool.defaultRoot(), System.out);
        System.exit(left == 0 ? 0 : 1);
    }
}
