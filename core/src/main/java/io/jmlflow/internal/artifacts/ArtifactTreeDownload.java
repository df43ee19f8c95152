package io.jmlflow.internal.artifacts;

import io.jmlflow.MlflowException;
import io.jmlflow.entities.FileInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@link ArtifactRepository#downloadArtifacts} for a remote repository that can list a folder and fetch one file:
 * walks the listing, and writes each file to a temporary file next to its target, moved into place once complete
 * (a failed download never leaves a partial file under the artifact's name). A listed name that would leave the
 * destination ({@code ..}, a slash) is refused.
 */
public final class ArtifactTreeDownload {
    /** Fetches the artifact file {@code relPath} into {@code file} (created empty beforehand), or throws. */
    public interface FileFetch {
        void fetch(String relPath, Path file) throws IOException;
    }

    private ArtifactTreeDownload() {
    }

    /** Downloads the file or folder {@code path} (null or empty: the whole root) of {@code repo} into {@code destDir}. */
    public static Path download(ArtifactRepository repo, String path, Path destDir, FileFetch fetch) {
        String rel = ArtifactPaths.checkRelative(path);
        try {
            Files.createDirectories(destDir);
            java.util.List<FileInfo> children = repo.listArtifacts(rel);
            if (rel.isEmpty()) {
                for (FileInfo c : children) downloadInto(repo, c, destDir, fetch);
                return destDir;
            }
            Path target = destDir.resolve(rel.substring(rel.lastIndexOf('/') + 1));
            if (!children.isEmpty()) {
                Files.createDirectories(target);
                for (FileInfo c : children) downloadInto(repo, c, target, fetch);
            } else {
                downloadFile(rel, target, fetch);
            }
            return target;
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot download artifact '" + rel + "' to " + destDir
                    + ": " + e, e);
        }
    }

    private static void downloadInto(ArtifactRepository repo, FileInfo info, Path dir, FileFetch fetch)
            throws IOException {
        String name = ArtifactPaths.checkRelative(info.path().substring(info.path().lastIndexOf('/') + 1));
        Path target = dir.resolve(name);
        if (info.isDir()) {
            Files.createDirectories(target);
            for (FileInfo c : repo.listArtifacts(info.path())) downloadInto(repo, c, target, fetch);
        } else {
            downloadFile(info.path(), target, fetch);
        }
    }

    private static void downloadFile(String rel, Path target, FileFetch fetch) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            fetch.fetch(rel, tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
