package io.jmlflow.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmlflow.internal.store.Stores;
import io.jmlflow.internal.store.TrackingStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Replays every spool folder to the store it was meant for ({@code java -jar mlflow-agent.jar sync}). */
public final class SpoolSync {
    private SpoolSync() {
    }

    /** Replays all spools under {@code root}; prints one line per store; returns the number of batches left. */
    public static int syncAll(Path root, PrintStream out) {
        if (!Files.isDirectory(root)) {
            out.println("nothing to replay: no spool at " + root);
            return 0;
        }
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).sorted().forEach(folders::add);
        } catch (IOException e) {
            out.println("cannot read the spool " + root + ": " + e.getMessage());
            return -1;
        }
        int left = 0;
        boolean any = false;
        for (Path folder : folders) {
            String uri = trackingUriOf(folder);
            if (uri == null) continue;
            any = true;
            Spool spool = new Spool(folder, uri);
            try (TrackingStore store = Stores.open(uri)) {
                Spool.ReplayResult r = spool.replay(store);
                left += r.remaining();
                out.println(Redaction.uri(uri) + ": replayed " + r.entries() + " entries in " + r.batches() + " batches"
                        + (r.remaining() > 0 ? "; " + r.remaining() + " batches left (" + r.stoppedBecause() + ")" : ""));
            } catch (RuntimeException e) {
                out.println(Redaction.uri(uri) + ": cannot replay now: " + e.getMessage());
                left += spool.pending().size();
            }
        }
        if (!any) out.println("nothing to replay: the spool " + root + " is empty");
        return left;
    }

    private static String trackingUriOf(Path folder) {
        List<Path> files = new Spool(folder, "").pending();
        if (files.isEmpty()) return null;
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(files.get(0))).path("tracking_uri").asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
