package io.jmlflow.internal.artifacts;

/** Finds the {@link ArtifactRepository} for a local artifact URI (plain path or {@code file:}). */
public final class ArtifactRepositories {
    private ArtifactRepositories() {
    }

    public static boolean isLocal(String uri) {
        return uri.startsWith("file:") || !io.jmlflow.internal.UriScheme.present(uri);
    }

    public static ArtifactRepository local(String uri) {
        if (!isLocal(uri)) {
            throw new IllegalArgumentException("'" + uri + "' is not a local artifact location; remote schemes "
                    + "(mlflow-artifacts:, http:) are served by the REST store");
        }
        return new LocalArtifactRepository(ArtifactPaths.localPath(uri));
    }
}
