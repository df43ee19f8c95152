package io.jmlflow.internal.session;

import io.jmlflow.MlflowException;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.internal.Failures;
import io.jmlflow.internal.artifacts.ArtifactRepository;
import io.jmlflow.internal.writer.OfflineSpool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Artifacts of a run or model on a store that may not take them now: uploaded in one attempt when the store is online,
 * else (or when that attempt finds no answer) copied into the spool and uploaded by a replay. Reading needs the store.
 */
final class SpoolingArtifacts implements ArtifactRepository {
    private final String artifactUri;
    private final ArtifactRepository upload;
    private final ArtifactRepository read;
    private final OfflineSpool offline;

    /** {@code upload} and {@code read} are null when the store cannot have this location now. */
    SpoolingArtifacts(String artifactUri, ArtifactRepository upload, ArtifactRepository read, OfflineSpool offline) {
        this.artifactUri = artifactUri;
        this.upload = upload;
        this.read = read;
        this.offline = offline;
    }

    @Override
    public void logArtifact(Path localFile, String artifactPath) {
        write(localFile, artifactPath, false);
    }

    @Override
    public void logArtifacts(Path localDir, String artifactPath) {
        write(localDir, artifactPath, true);
    }

    private void write(Path files, String artifactPath, boolean folder) {
        if (upload != null && !offline.isOffline()) {
            try {
                if (folder) upload.logArtifacts(files, artifactPath);
                else upload.logArtifact(files, artifactPath);
                return;
            } catch (MlflowException e) {
                if (!Failures.isWorthKeeping(e)) throw e;
                offline.goOffline(e, "; what runs log goes");
            }
        }
        try {
            offline.ops().logArtifacts(artifactUri, artifactPath, files);
            offline.written(null);
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "could not keep " + files + " for " + artifactUri
                    + " in the spool " + offline.dir() + ": " + e.getMessage());
        }
    }

    private ArtifactRepository reader() {
        if (read == null || offline.isOffline()) {
            throw new MlflowHttpException(MlflowException.IO_ERROR, "cannot read the artifacts of " + artifactUri
                    + " now: the store does not take requests; they wait in the local spool " + offline.dir(), 0);
        }
        return read;
    }

    @Override
    public List<FileInfo> listArtifacts(String path) {
        return reader().listArtifacts(path);
    }

    @Override
    public Path downloadArtifacts(String path, Path destDir) {
        return reader().downloadArtifacts(path, destDir);
    }
}
