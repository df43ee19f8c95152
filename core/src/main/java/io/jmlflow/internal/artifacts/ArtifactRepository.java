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

    /** Copies the contents of a local directory under {@code artifactPath}. */
    void logArtifacts(Path localDir, String artifactPath);

    /** The direct children of {@code path} (null for the root). */
    List<FileInfo> listArtifacts(String path);

    /** Downloads a file or directory into {@code destDir} and returns the local path. */
    Path downloadArtifacts(String path, Path destDir);
}
