package io.jmlflow.internal.store.rest;

import io.jmlflow.internal.artifacts.ArtifactRepository;

import java.nio.file.Path;

/**
 * Uploads a file to an artifact location through the server and downloads it again; run in a JVM whose heap is
 * smaller than the file to prove that both directions stream. Args: server URI, artifact URI, local file,
 * artifact directory, download directory.
 */
public final class RestArtifactTransferProbe {
    private RestArtifactTransferProbe() {
    }

    public static void main(String[] args) {
        try (RestStore store = RestStore.open(args[0])) {
            ArtifactRepository repo = store.artifactRepository(args[1]);
            Path file = Path.of(args[2]);
            repo.logArtifact(file, args[3]);
            repo.downloadArtifacts(args[3] + "/" + file.getFileName(), Path.of(args[4]));
        }
        System.out.println("max heap " + Runtime.getRuntime().maxMemory());
    }
}
