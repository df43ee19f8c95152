package io.jmlflow.internal;

import io.jmlflow.MlflowConfig;
import io.jmlflow.internal.store.Stores;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays spool folders to the stores they belong to ({@code java -jar mlflow-agent.jar sync}): with no argument only
 * the folder of the configured store ({@code MLFLOW_TRACKING_URI}, or {@code ./mlflow.db} of the working directory),
 * with {@code --all} every folder. A store that does not answer one short probe ({@code spool.probe.timeout.ms}) is
 * skipped at once with a line saying so; one that answers gets MLflow's usual retries.
 */
public final class SpoolSync {
    private SpoolSync() {
    }

    /** Replays the folder of the configured store; prints one line; returns the number of operations left. */
    public static int syncCurrent(Path root, PrintStream out) {
        StoreIdentity current = StoreIdentity.of(MlflowConfig.trackingUri());
        Spool spool = new Spool(root.resolve(current.folderName()), current);
        int others = 0;
        try {
            for (Path folder : Spool.folders(root)) {
                Spool other = folder.equals(spool.dir()) ? null : Spool.inFolder(folder);
                if (other != null && !other.isEmpty()) others++;
            }
        } catch (IOException e) {
            out.println("cannot read the spool " + root + ": " + e.getMessage());
            return -1;
        }
        String hint = others == 0 ? "" : " (" + others + " other store" + (others > 1 ? "s have" : " has")
                + " spooled data: `sync --all` replays " + (others > 1 ? "them" : "it") + ")";
        if (spool.isEmpty()) {
            out.println("nothing to replay for " + Redaction.uri(current.replayUri()) + hint);
            return 0;
        }
        int left = sync(spool, out);
        if (!hint.isEmpty()) out.println(hint.substring(2, hint.length() - 1));
        return left;
    }

    /** Replays every folder under {@code root}; prints one line per store; returns the number of operations left. */
    public static int syncAll(Path root, PrintStream out) {
        List<Spool> spools = new ArrayList<>();
        try {
            for (Path folder : Spool.folders(root)) {
                Spool s = Spool.inFolder(folder);
                if (s != null && !s.isEmpty()) spools.add(s);
            }
        } catch (IOException e) {
            out.println("cannot read the spool " + root + ": " + e.getMessage());
            return -1;
        }
        if (spools.isEmpty()) {
            out.println("nothing to replay: the spool " + root + " is empty");
            return 0;
        }
        int left = 0;
        for (Spool s : spools) left += sync(s, out);
        return left;
    }

    private static int sync(Spool spool, PrintStream out) {
        String uri = spool.trackingUri();
        String shown = Redaction.uri(uri);
        try (TrackingStore store = Stores.open(uri)) {
            if (!store.isReachable()) {
                int n = spool.pending().size();
                out.println(shown + ": does not answer (one probe); " + n + " operations wait in " + spool.dir());
                return n;
            }
            Spool.ReplayResult r = spool.replay(store);
            out.println(shown + ": replayed " + r.entries() + " entries in " + r.batches() + " operations"
                    + (r.remaining() > 0 ? "; " + r.remaining() + " left (" + r.stoppedBecause() + ")" : ""));
            return r.remaining();
        } catch (RuntimeException e) {
            out.println(shown + ": cannot replay now: " + e.getMessage());
            return spool.pending().size();
        }
    }
}
