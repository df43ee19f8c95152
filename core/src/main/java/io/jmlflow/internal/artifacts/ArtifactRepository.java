package io.jmlflow.internal.artifacts;

import io.jmlflow.entities.FileInfo;

import java.nio.file.Path;
import java.util.List;

/**
 * Files under one artifact root URI (a run's or a logged model's). Paths are relative, '/'-separated;
 * a path that would leave the root ({@code ../}, absolute) is refused with an {@code IllegalArgumentException}.
 */
public interface ArtifactRepository {

    /** Copies a local file to {@code artifactPath/<file name>} ({@code artifactPath} may be null for the root). */
    void logArtifact(Path localFile, String artifactPath);

    /**
     * Writes {@code content} as the artifact file {@code artifactFile} ({@code "dir/name.ext"} or {@code "name.ext"}).
     * By default through a temporary local file and {@link #logArtifact}; stores that can write in place do so.
     */
    default void write(String artifactFile, byte[] content) throws java.io.IOException {
        int slash = artifactFile.lastIndexOf('/');
        Path dir = java.nio.file.Files.createTempDirectory("mlflow-artifact");
        try {
            Path file = dir.resolve(artifactFile.substring(slash + 1));
            java.nio.file.Files.write(file, content);
            logArtifact(file, slash < 0 ? null : artifactFile.substring(0, slash));
        } finally {
            io.jmlflow.internal.TempDirs.deleteQuietly(dir);
        }
    }

    /** Copies the contents of a local directory under {@code artifactPath}. */
    void logArtifacts(Path localDir, String artifactPath);

    /** The direct children of {@code path} (null for the root). */
    List<FileInfo> listArtifacts(String path);

    /** Downloads a file or directory into {@code destDir} and returns the local path. */
    Path downloadArtifacts(String path, Path destDir);
}
