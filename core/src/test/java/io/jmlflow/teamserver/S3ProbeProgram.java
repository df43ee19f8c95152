package io.jmlflow.teamserver;

import io.jmlflow.MlflowClient;
import io.jmlflow.MlflowException;

import java.nio.file.Path;

/**
 * Logs a file to a run of the proxied server, prints {@code PROXIED_DONE}, then to a run whose artifacts are in S3 and
 * prints {@code DIRECT_DONE} or {@code DIRECT_FAILED <message>}: args {@code <proxiedUri> <proxiedRunId> <directUri>
 * <directRunId> <file>}.
 */
public final class S3ProbeProgram {
    public static void main(String[] args) {
        Path file = Path.of(args[4]);
        try (MlflowClient proxied = new MlflowClient(args[0])) {
            proxied.logArtifact(args[1], file, null);
        }
        System.out.println("PROXIED_DONE");
        try (MlflowClient direct = new MlflowClient(args[2])) {
            direct.logArtifact(args[3], file, null);
            System.out.println("DIRECT_DONE");
        } catch (MlflowException e) {
            System.out.println("DIRECT_FAILED " + e.getMessage());
        }
    }
}
