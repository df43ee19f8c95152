package io.jmlflow.internal.artifacts.s3;

import io.jmlflow.MlflowException;
import io.jmlflow.internal.Redaction;
import io.jmlflow.internal.artifacts.ArtifactRepository;

import java.util.Locale;

/**
 * The way to artifacts in {@code s3://} locations, which a tracking server started with
 * {@code --no-serve-artifacts --default-artifact-root s3://...} hands out: the AWS SDK's S3 client, which the
 * application provides ({@code software.amazon.awssdk:s3}); neither this library nor the agent's jar bundles it. This
 * class refers to none of the SDK's types, so nothing of the SDK is loaded before an {@code s3://} location appears.
 */
public final class S3Artifacts {
    static final String SDK_CLASS = "software.amazon.awssdk.services.s3.S3Client";

    private S3Artifacts() {
    }

    public static boolean handles(String uri) {
        return uri.regionMatches(true, 0, "s3://", 0, 5) || uri.regionMatches(true, 0, "s3a://", 0, 6);
    }

    /** True when the S3 client can be loaded. */
    public static boolean sdkAvailable() {
        try {
            Class.forName(SDK_CLASS, false, S3Artifacts.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The repository for {@code uri}; a clear error when the SDK is not on the class path. */
    public static ArtifactRepository repository(String uri) {
        if (!sdkAvailable()) {
            throw new MlflowException(MlflowException.INVALID_STATE, "artifact location '" + Redaction.uri(uri)
                    + "' is in S3, which needs the AWS SDK's S3 client on the class path: add software.amazon.awssdk:s3"
                    + " (2.x; Maven/Gradle dependency, or its jars on -cp next to the application), or start the "
                    + "tracking server with --serve-artifacts so that artifacts go through it");
        }
        return S3ArtifactRepository.open(uri.toLowerCase(Locale.ROOT).startsWith("s3a://") ? "s3://" + uri.substring(6)
                : uri, S3Settings.fromConfig());
    }
}
