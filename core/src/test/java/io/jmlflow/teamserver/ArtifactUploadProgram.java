package io.jmlflow.teamserver;

import io.jmlflow.MlflowClient;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * A JVM that logs one artifact to a run, as a user's program would: {@code <trackingUri> <runId> <file> [artifactPath]}.
 * It prints its idle heap (used after a full GC once the client is loaded and has talked to the server) as
 * {@code IDLE_HEAP <bytes>}, then {@code UPLOADED} once the artifact is logged. With {@code --idle} it stops after the
 * first line: the tests run it so to size the {@code -Xmx} of the real run (idle heap + the bound being tested).
 */
public final class ArtifactUploadProgram {
    public static void main(String[] args) throws Exception {
        boolean idleOnly = args[0].equals("--idle");
        int a = idleOnly ? 1 : 0;
        String uri = args[a];
        String runId = args[a + 1];
        Path file = Path.of(args[a + 2]);
        String artifactPath = args.length > a + 3 ? args[a + 3] : null;
        try (MlflowClient client = new MlflowClient(uri)) {
            client.getRun(runId);
            client.listArtifacts(runId, null);
            System.out.println("IDLE_HEAP " + usedAfterGc());
            if (idleOnly) return;
            client.logArtifact(runId, file, artifactPath);
            System.out.println("UPLOADED");
        }
    }

    private static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
